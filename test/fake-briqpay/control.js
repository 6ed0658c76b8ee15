'use strict';

/**
 * Test-control API under /__control (no auth, never recorded as API requests), so end-to-end
 * tests that run the CLI in another process can drive the fake:
 *
 *   GET    /__control/health                      {ok, baseUrl}
 *   GET    /__control/requests                    recorded API requests
 *   POST   /__control/reset-requests              clear them
 *   GET    /__control/stats                       {requests, inFlightMax, rateLimited}
 *   POST   /__control/reset-stats
 *   GET    /__control/hooks                       hook delivery attempts
 *   POST   /__control/reset-hooks
 *   POST   /__control/flush-hooks                 wait until no hook delivery is under way
 *   POST   /__control/send-hook                   {sessionId, payload:{event,status,...}, method, url, signature?, signingSecret?, retry?}
 *   POST   /__control/fail-next                   {method?, path? | pathRegex?, status?, body?, headers?, times?, mode?}
 *   DELETE /__control/fail-next                   drop all pending failure rules
 *   POST   /__control/rate-limit                  {rps?, maxInFlight?, retryAfterSeconds?} | {} / null = off
 *   POST   /__control/latency                     {ms}
 *   POST   /__control/signing-secret              {secret} (null = unsigned hooks)
 *   POST   /__control/config                      {notFoundStatus?, recordStatusStyle?, strictUnknownFields?, defaultCaptureMode?}
 *   POST   /__control/sessions                    seed a session (body = FakeBriqpay#seedSession partial)
 *   GET    /__control/sessions/:id                {session, meta}
 *   POST   /__control/sessions/:id/transition     {to, ...opts} -> {session, deliveries}
 *   POST   /__control/sessions/:id/meta           {decisionPending?, cancelSupported?, captureMode?}
 *   POST   /__control/tokens                      seed a token
 *   GET    /__control/tokens/:id                  {token, meta}
 *   POST   /__control/tokens/:id/meta             {chargeOutcome?}
 *   POST   /__control/reset                       forget everything (state, requests, hooks, failures, limits)
 */

function send(res, status, body) {
	if (res.destroyed || res.writableEnded) return;
	if (body === undefined) {
		res.writeHead(status);
		return res.end();
	}
	const text = JSON.stringify(body);
	res.writeHead(status, {
		'content-type': 'application/json; charset=utf-8',
		'content-length': Buffer.byteLength(text),
	});
	res.end(text);
}

const err = (res, status, code, message) => send(res, status, { error: { code, message } });

function parse(rawBody) {
	if (!rawBody || !rawBody.trim()) return {};
	return JSON.parse(rawBody);
}

function pick(obj, keys) {
	const out = {};
	for (const k of keys) if (obj && obj[k] !== undefined) out[k] = obj[k];
	return out;
}

async function handleControl(fake, req, res, url, rawBody) {
	const method = req.method;
	const path = url.pathname.replace(/\/+$/, '');
	let body;
	try {
		body = parse(rawBody);
	} catch (e) {
		return err(res, 400, 'INVALID_DATA', `control body is not JSON: ${e.message}`);
	}
	const route = `${method} ${path}`;
	let m;
	try {
		switch (route) {
			case 'GET /__control/health':
				return send(res, 200, { ok: true, baseUrl: fake.baseUrl });
			case 'GET /__control/requests':
				return send(res, 200, fake.requests);
			case 'POST /__control/reset-requests':
				fake.clearRequests();
				return send(res, 204);
			case 'GET /__control/stats':
				return send(res, 200, fake.stats);
			case 'POST /__control/reset-stats':
				fake.resetStats();
				return send(res, 204);
			case 'GET /__control/hooks':
				return send(res, 200, fake.hookDeliveries);
			case 'POST /__control/reset-hooks':
				fake.hookDeliveries.length = 0;
				return send(res, 204);
			case 'POST /__control/flush-hooks':
				await fake.flushHooks();
				return send(res, 200, fake.hookDeliveries);
			case 'POST /__control/send-hook': {
				const delivery = await fake.sendHook(
					body.sessionId,
					body.payload || {},
					pick(body, ['method', 'url', 'signature', 'signingSecret', 'retry']),
				);
				return send(res, 200, delivery);
			}
			case 'POST /__control/fail-next': {
				const rule = pick(body, [
					'method',
					'path',
					'status',
					'body',
					'headers',
					'times',
					'skip',
					'mode',
				]);
				if (body.pathRegex) rule.path = new RegExp(body.pathRegex, body.pathRegexFlags || '');
				fake.failNext(rule);
				return send(res, 204);
			}
			case 'DELETE /__control/fail-next':
				fake.clearFailures();
				return send(res, 204);
			case 'POST /__control/rate-limit': {
				const cfg = pick(body, ['rps', 'maxInFlight', 'retryAfterSeconds']);
				fake.setRateLimit(Object.keys(cfg).length ? cfg : null);
				return send(res, 204);
			}
			case 'POST /__control/latency':
				fake.latencyMs = Number(body.ms ?? body.latencyMs ?? 0);
				return send(res, 204);
			case 'POST /__control/signing-secret':
				fake.signingSecret = body.secret || undefined;
				return send(res, 204);
			case 'POST /__control/config':
				if (body.notFoundStatus !== undefined) fake.notFoundStatus = Number(body.notFoundStatus);
				if (body.recordStatusStyle !== undefined)
					fake.recordStatusStyle = String(body.recordStatusStyle);
				if (body.strictUnknownFields !== undefined) fake.strict = !!body.strictUnknownFields;
				if (body.defaultCaptureMode !== undefined)
					fake.defaultCaptureMode = body.defaultCaptureMode;
				return send(res, 204);
			case 'POST /__control/sessions':
				return send(res, 201, fake.seedSession(body));
			case 'POST /__control/tokens':
				return send(res, 201, fake.seedToken(body));
			case 'POST /__control/reset':
				fake.reset();
				return send(res, 204);
			default:
				break;
		}

		if ((m = /^\/__control\/sessions\/([^/]+)(\/transition|\/meta)?$/.exec(path))) {
			const id = decodeURIComponent(m[1]);
			const session = fake.getSession(id);
			if (!session) return err(res, 404, 'NOT_FOUND', `Session ${id} not found`);
			if (!m[2] && method === 'GET')
				return send(res, 200, { session, meta: fake.getSessionMeta(id) });
			if (m[2] === '/transition' && method === 'POST') {
				const { to, ...opts } = body;
				const result = await fake.transition(id, to, opts);
				return send(res, 200, result);
			}
			if (m[2] === '/meta' && method === 'POST') {
				fake.setSessionMeta(id, pick(body, ['decisionPending', 'cancelSupported', 'captureMode']));
				return send(res, 200, { session: fake.getSession(id), meta: fake.getSessionMeta(id) });
			}
		}
		if ((m = /^\/__control\/tokens\/([^/]+)(\/meta)?$/.exec(path))) {
			const id = decodeURIComponent(m[1]);
			const token = fake.getToken(id);
			if (!token) return err(res, 404, 'NOT_FOUND', `Token ${id} not found`);
			if (!m[2] && method === 'GET') return send(res, 200, { token, meta: fake.getTokenMeta(id) });
			if (m[2] && method === 'POST') {
				fake.setTokenMeta(id, pick(body, ['chargeOutcome']));
				return send(res, 200, { token: fake.getToken(id), meta: fake.getTokenMeta(id) });
			}
		}
		return err(res, 404, 'NOT_FOUND', `No control route ${route}`);
	} catch (e) {
		const status = e.name === 'StateError' ? 409 : 400;
		return err(res, status, status === 409 ? 'INVALID_TRANSITION' : 'INVALID_DATA', e.message);
	}
}

module.exports = { handleControl };
