'use strict';

/**
 * The /v3 API surface. Each handler gets a context and returns
 *   { status, body?, headers?, events? }      (events = hook payloads to send after answering)
 *
 *   POST   /v3/session                                  create session / charge token   [ref] 003, [doc]
 *   GET    /v3/session/:sessionId                       read session                    [ref] 000
 *   PATCH  /v3/session/:sessionId                       update session                  [ref] 001
 *   PATCH  /v3/session/:sessionId/metadata              references, before completion   [plugin]
 *   PATCH  /v3/session/:sessionId/order/update/references  references, after completion  [doc][plugin]
 *   POST   /v3/session/:sessionId/decision              merchant decision                [plugin]
 *   POST   /v3/session/:sessionId/order/capture         capture                          [doc][plugin]
 *   POST   /v3/session/:sessionId/order/refund          refund                           [plugin]
 *   POST   /v3/session/:sessionId/order/cancel          cancel                           [doc][plugin]
 *   GET    /v3/token/:tokenId                           get token                        [ref] 004
 *   DELETE /v3/token/:tokenId                           deactivate token                 [doc]
 *   POST   /v3/hosted-page                              pay-by-link page                 [plugin]
 */

const { invalid, ApiError } = require('./errors');
const { isUuid, isPlainObject, applyFields, clone } = require('./util');
const v = require('./validate');
const rules = require('./rules');

/** Parse the JSON object body. [ref] Content-Type application/json; anything else -> 400 INVALID_DATA. */
function jsonBody(ctx, { optional = false } = {}) {
	const raw = ctx.rawBody;
	if (!raw || raw.trim() === '') {
		if (optional) return {};
		throw invalid('Request body must be a JSON object');
	}
	const ct = String(ctx.headers['content-type'] || '')
		.split(';')[0]
		.trim()
		.toLowerCase();
	if (ct !== 'application/json')
		throw invalid(`Content-Type must be application/json (got ${ct || 'none'})`);
	let parsed;
	try {
		parsed = JSON.parse(raw);
	} catch (err) {
		throw invalid(`Request body is not valid JSON: ${err.message}`);
	}
	if (!isPlainObject(parsed))
		throw invalid(`Request body must be a JSON object (got ${v.describe(parsed)})`);
	return parsed;
}

/** Session/token answers honour `fields` (comma list, or 'none' -> empty 204). [ref] */
function withFields(ctx, status, obj) {
	const r = applyFields(clone(obj), ctx.query.fields);
	return r.noContent ? { status: 204 } : { status, body: r.body };
}

const opts = (ctx) => ({ strict: ctx.strict });

const handlers = {
	createSession(ctx) {
		const body = jsonBody(ctx);
		const { isCharge } = rules.validateCreateSession(body, opts(ctx));
		const { session, events } = isCharge
			? ctx.state.chargeToken(body, ctx.owner)
			: ctx.state.createSession(body, ctx.owner);
		return { ...withFields(ctx, 201, session), events }; // [ref] 003: 201 (or 204 with fields=none)
	},

	readSession(ctx) {
		return withFields(ctx, 200, ctx.state.findSession(ctx.params.sessionId, ctx.owner));
	},

	updateSession(ctx) {
		const body = jsonBody(ctx);
		rules.validateUpdateSession(body, opts(ctx));
		return withFields(ctx, 200, ctx.state.updateSession(ctx.params.sessionId, body, ctx.owner));
	},

	setMetadata(ctx) {
		const body = jsonBody(ctx);
		rules.validateReferencesBody(body, opts(ctx));
		ctx.state.setMetadata(ctx.params.sessionId, body.references, ctx.owner);
		return { status: 204 };
	},

	updateOrderReferences(ctx) {
		const body = jsonBody(ctx);
		rules.validateReferencesBody(body, opts(ctx));
		ctx.state.updateOrderReferences(ctx.params.sessionId, body.references, ctx.owner);
		return { status: 204 };
	},

	decision(ctx) {
		const body = jsonBody(ctx);
		rules.validateDecision(body, opts(ctx));
		const events = ctx.state.decide(ctx.params.sessionId, body, ctx.owner);
		return { status: 204, events };
	},

	capture(ctx) {
		const body = jsonBody(ctx);
		rules.validateCaptureBody(body, opts(ctx));
		const { captureId, events } = ctx.state.capture(ctx.params.sessionId, body, ctx.owner);
		return { status: 201, body: { captureId }, events };
	},

	refund(ctx) {
		const body = jsonBody(ctx);
		rules.validateRefundBody(body, opts(ctx));
		const { refundId, events } = ctx.state.refund(ctx.params.sessionId, body, ctx.owner);
		return { status: 201, body: { refundId }, events };
	},

	cancel(ctx) {
		jsonBody(ctx, { optional: true }); // no body needed; if one is sent it must be a JSON object
		const events = ctx.state.cancel(ctx.params.sessionId, ctx.owner);
		return { status: 204, events };
	},

	readToken(ctx) {
		return withFields(ctx, 200, ctx.state.findToken(ctx.params.tokenId, ctx.owner));
	},

	deleteToken(ctx) {
		ctx.state.deleteToken(ctx.params.tokenId, ctx.owner);
		return { status: 204 };
	},

	hostedPage(ctx) {
		const body = jsonBody(ctx);
		rules.validateHostedPage(body, opts(ctx));
		const page = ctx.state.createHostedPage(body, ctx.owner);
		return {
			status: 201,
			body: { hostedPageId: page.hostedPageId, sessionId: page.sessionId, url: page.url },
		};
	},
};

const S = '([^/]+)';
const ROUTES = [
	{ re: /^\/v3\/session$/, methods: { POST: 'createSession' } },
	{
		re: new RegExp(`^/v3/session/${S}$`),
		params: ['sessionId'],
		methods: { GET: 'readSession', PATCH: 'updateSession' },
	},
	{
		re: new RegExp(`^/v3/session/${S}/metadata$`),
		params: ['sessionId'],
		methods: { PATCH: 'setMetadata' },
	},
	{
		re: new RegExp(`^/v3/session/${S}/order/update/references$`),
		params: ['sessionId'],
		methods: { PATCH: 'updateOrderReferences' },
	},
	{
		re: new RegExp(`^/v3/session/${S}/decision$`),
		params: ['sessionId'],
		methods: { POST: 'decision' },
	},
	{
		re: new RegExp(`^/v3/session/${S}/order/capture$`),
		params: ['sessionId'],
		methods: { POST: 'capture' },
	},
	{
		re: new RegExp(`^/v3/session/${S}/order/refund$`),
		params: ['sessionId'],
		methods: { POST: 'refund' },
	},
	{
		re: new RegExp(`^/v3/session/${S}/order/cancel$`),
		params: ['sessionId'],
		methods: { POST: 'cancel' },
	},
	{
		re: new RegExp(`^/v3/token/${S}$`),
		params: ['tokenId'],
		methods: { GET: 'readToken', DELETE: 'deleteToken' },
	},
	{ re: /^\/v3\/hosted-page$/, methods: { POST: 'hostedPage' } },
];

/** Route and run an authenticated /v3 request. ctx: {method, path, query, headers, rawBody, state, owner, strict} */
async function handleApi(ctx) {
	for (const route of ROUTES) {
		const m = route.re.exec(ctx.path);
		if (!m) continue;
		const name = route.methods[ctx.method];
		if (!name) {
			const allow = Object.keys(route.methods).join(', ');
			throw new ApiError(
				405,
				'METHOD_NOT_ALLOWED',
				`${ctx.method} is not allowed on ${ctx.path} (allowed: ${allow})`,
				{ allow },
			);
		}
		const params = {};
		(route.params || []).forEach((p, i) => {
			let val;
			try {
				val = decodeURIComponent(m[i + 1]);
			} catch {
				val = m[i + 1];
			}
			// [ref] path ids are UUIDs -> 400 INVALID_DATA naming the field
			if (!isUuid(val)) throw invalid(`${p} must be a UUID (got ${v.describe(val)})`);
			params[p] = val;
		});
		return handlers[name]({ ...ctx, params });
	}
	throw new ApiError(404, 'NOT_FOUND', `No route for ${ctx.method} ${ctx.path}`);
}

module.exports = { handleApi, jsonBody };
