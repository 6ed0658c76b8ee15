'use strict';

// A deliberate, independent copy of Briqpay's rules, written from docs/briqpay-api.md and the reference pages and never imported from the node: duplicate-code scans between this fake and nodes/ are expected.

/**
 * Fake Briqpay v3 HTTP server for tests and the local sandbox.
 * Ground truth: Briqpay's v3 reference pages, digested with confidence tags in docs/briqpay-api.md.
 *
 * Request pipeline for anything that is not /__control or /hosted:
 *   read body -> record (before auth) -> rate limit (429) -> latency -> failNext injection
 *   -> Basic auth (403) -> route (404/405) -> handler -> answer -> send hooks
 */

const http = require('node:http');
const { ApiError } = require('./errors');
const { clone, nowIso, makeSleeper } = require('./util');
const { authenticate } = require('./auth');
const { handleApi } = require('./routes');
const { handleControl } = require('./control');
const { handleHosted } = require('./hosted');
const { HookDispatcher, signHook } = require('./hooks');
const { BriqpayState, StateError } = require('./state');
const money = require('./money');

const DEFAULT_ACCOUNTS = [{ username: 'test-user', secret: 'test-secret-s3cr3t' }];
const MAX_BODY = 5 * 1024 * 1024;

function readBody(req) {
	return new Promise((resolve, reject) => {
		const chunks = [];
		let size = 0;
		req.on('data', (c) => {
			size += c.length;
			if (size <= MAX_BODY) chunks.push(c);
		});
		req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
		req.on('error', reject);
	});
}

function tryJson(raw) {
	if (!raw) return undefined;
	try {
		return JSON.parse(raw);
	} catch {
		return undefined;
	}
}

class FakeBriqpay {
	/**
	 * @param {object} [opts]
	 * @param {{username:string, secret:string, expired?:boolean}[]} [opts.accounts]
	 * @param {number} [opts.latencyMs=0]
	 * @param {{attempts:number, delayMs:number}} [opts.hookRetry={attempts:3, delayMs:50}]  attempts = total tries
	 * @param {number} [opts.hookTimeoutMs=5000]
	 * @param {string} [opts.signingSecret]        sign hooks with x-briq-signature
	 * @param {number} [opts.notFoundStatus=404]   status for unknown well-formed session/token ids
	 * @param {'000'|'003'} [opts.recordStatusStyle='000']  capture/refund record statuses:
	 *        '000' captured/refunded (read/update session pages), '003' approved/approved (current charge page)
	 * @param {boolean} [opts.strictUnknownFields=true]  refuse body keys the reference pages do not list
	 * @param {'sync'|'async'} [opts.defaultCaptureMode='sync']  async: captures/refunds start 'pending'
	 * @param {{rps?:number, maxInFlight?:number, retryAfterSeconds?:number}} [opts.rateLimit]
	 */
	constructor(opts = {}) {
		this.accounts = (opts.accounts || DEFAULT_ACCOUNTS).map((a) => ({ ...a }));
		this.latencyMs = opts.latencyMs || 0;
		this.signingSecret = opts.signingSecret;
		this.notFoundStatus = opts.notFoundStatus || 404;
		this.recordStatusStyle = opts.recordStatusStyle || '000';
		this.strict = opts.strictUnknownFields !== false;
		this.defaultCaptureMode = opts.defaultCaptureMode || 'sync';
		this.baseUrl = undefined;
		this.requests = [];
		this.stats = { requests: 0, inFlightMax: 0, rateLimited: 0 };
		this.server = undefined;

		this._failures = [];
		this._rateLimit = opts.rateLimit || null;
		this._window = [];
		this._inFlight = 0;
		this._sleeper = makeSleeper();
		this._hung = new Set();

		const fake = this;
		this.state = new BriqpayState({
			getBaseUrl: () => fake.baseUrl || 'http://127.0.0.1',
			get recordStatusStyle() {
				return fake.recordStatusStyle;
			},
			get notFoundStatus() {
				return fake.notFoundStatus;
			},
			get defaultCaptureMode() {
				return fake.defaultCaptureMode;
			},
		});
		this.hooks = new HookDispatcher({
			retry: opts.hookRetry || { attempts: 3, delayMs: 50 },
			getSigningSecret: () => fake.signingSecret,
			timeoutMs: opts.hookTimeoutMs || 5000,
		});
	}

	// ------------------------------------------------------------------ lifecycle

	/** Bind 127.0.0.1 only. Sets and returns this.baseUrl. */
	async start({ port = 0 } = {}) {
		if (this.server) throw new Error('FakeBriqpay already started');
		this.hooks.resume();
		this.server = http.createServer((req, res) => {
			this._onRequest(req, res).catch((err) => {
				if (!res.headersSent && !res.destroyed) {
					res.writeHead(500, { 'content-type': 'application/json' });
					res.end(JSON.stringify({ error: { code: 'UNKNOWN', message: err.message } }));
				}
			});
		});
		await new Promise((resolve, reject) => {
			this.server.once('error', reject);
			this.server.listen(port, '127.0.0.1', () => {
				this.server.off('error', reject);
				resolve();
			});
		});
		this.port = this.server.address().port;
		this.baseUrl = `http://127.0.0.1:${this.port}`;
		return this.baseUrl;
	}

	/** Close the server, abort hanging requests and hook deliveries, cancel retries and latency timers. */
	async stop() {
		this.hooks.stop();
		this._sleeper.cancelAll();
		for (const res of this._hung) res.socket?.destroy();
		this._hung.clear();
		if (this.server) {
			const server = this.server;
			this.server = undefined;
			await new Promise((resolve) => {
				server.close(() => resolve());
				server.closeAllConnections();
			});
		}
		await this.hooks.flush();
	}

	// ------------------------------------------------------------------ recorded traffic & knobs

	get hookDeliveries() {
		return this.hooks.deliveries;
	}

	clearRequests() {
		this.requests.length = 0;
	}

	resetStats() {
		this.stats.requests = 0;
		this.stats.inFlightMax = this._inFlight;
		this.stats.rateLimited = 0;
	}

	/** Forget all state, recorded traffic, failure rules, rate limit and latency. */
	reset() {
		this.state.reset();
		this.clearRequests();
		this.hooks.deliveries.length = 0;
		this._failures = [];
		this._rateLimit = null;
		this._window = [];
		this.latencyMs = 0;
		this.resetStats();
	}

	/**
	 * Inject a failure for the next matching API request(s).
	 * rule: {method?, path?: string (exact) | RegExp, status=500, body?, headers?, times=1,
	 *        skip=0 (let the first `skip` matching requests through untouched),
	 *        mode: 'respond' | 'dropAfterWork' | 'dropBeforeWork' | 'hang'}
	 */
	failNext(rule = {}) {
		const mode = rule.mode || 'respond';
		if (!['respond', 'dropAfterWork', 'dropBeforeWork', 'hang'].includes(mode))
			throw new Error(`unknown failNext mode ${mode}`);
		this._failures.push({
			method: rule.method ? String(rule.method).toUpperCase() : undefined,
			path: rule.path,
			status: rule.status ?? 500,
			body: rule.body,
			headers: rule.headers || {},
			times: rule.times ?? 1,
			skip: rule.skip ?? 0,
			mode,
		});
	}

	clearFailures() {
		this._failures = [];
	}

	/** {rps?, maxInFlight?, retryAfterSeconds=1} or null to switch off. */
	setRateLimit(cfg) {
		this._rateLimit = cfg ? { retryAfterSeconds: 1, ...cfg } : null;
		this._window = [];
	}

	// ------------------------------------------------------------------ state access

	seedSession(partial) {
		return clone(this.state.seedSession(partial));
	}

	seedToken(partial) {
		return clone(this.state.seedToken(partial));
	}

	getSession(id) {
		return clone(this.state.sessions.get(String(id).toLowerCase()));
	}

	getToken(id) {
		return clone(this.state.tokens.get(String(id).toLowerCase()));
	}

	/** Hidden per-session settings: {owner, decisionPending, cancelSupported, captureMode, modules, config, decision, completedAt} */
	getSessionMeta(id) {
		return clone(this.state.meta.get(String(id).toLowerCase()));
	}

	setSessionMeta(id, patch) {
		const meta = this.state.meta.get(String(id).toLowerCase());
		if (!meta) throw new StateError(`unknown session ${id}`);
		Object.assign(meta, patch);
	}

	getTokenMeta(id) {
		return clone(this.state.tokenMeta.get(String(id).toLowerCase()));
	}

	setTokenMeta(id, patch) {
		const meta = this.state.tokenMeta.get(String(id).toLowerCase());
		if (!meta) throw new StateError(`unknown token ${id}`);
		Object.assign(meta, patch);
	}

	/**
	 * Drive a session (see BriqpayState#transition for the list). Fires the matching hooks and resolves
	 * when their deliveries (incl. redeliveries) are done: {session, events, deliveries}.
	 */
	async transition(sessionId, to, opts = {}) {
		const events = this.state.transition(sessionId, to, opts);
		const deliveries = await this._dispatch(events);
		return { session: this.getSession(sessionId), events, deliveries };
	}

	/**
	 * Send one arbitrary (even forged) hook. payload: {event, status, captureId?, refundId?, ...};
	 * opts: {method='POST', url, signature? (exact header value), signingSecret? (override; '' = unsigned), retry? (false = once)}.
	 * Resolves with the last delivery record.
	 */
	sendHook(sessionId, payload, opts = {}) {
		if (!opts.url) throw new Error('sendHook needs opts.url');
		return this.hooks.send({ ...payload, sessionId }, opts);
	}

	flushHooks() {
		return this.hooks.flush();
	}

	_dispatch(events) {
		const bySession = new Map();
		for (const e of events || []) {
			if (!bySession.has(e.sessionId)) bySession.set(e.sessionId, []);
			bySession.get(e.sessionId).push(e);
		}
		const all = [];
		for (const [id, payloads] of bySession) {
			const session = this.state.sessions.get(String(id).toLowerCase());
			if (session) all.push(this.hooks.dispatch(session, payloads));
		}
		return Promise.all(all).then((lists) => lists.flat());
	}

	// ------------------------------------------------------------------ HTTP

	async _onRequest(req, res) {
		const url = new URL(req.url, 'http://127.0.0.1');
		const path = url.pathname;
		const rawBody = await readBody(req);
		if (path === '/__control' || path.startsWith('/__control/'))
			return handleControl(this, req, res, url, rawBody);
		if (path.startsWith('/hosted/')) return handleHosted(this, req, res, url);

		// Every API request is recorded before anything else (auth included).
		const record = {
			method: req.method,
			path,
			query: Object.fromEntries(url.searchParams),
			headers: { ...req.headers },
			body: tryJson(rawBody),
			rawBody,
			status: undefined,
			at: nowIso(),
		};
		this.requests.push(record);
		this.stats.requests++;

		const limited = this._rateLimited();
		if (limited) {
			this.stats.rateLimited++;
			return this._respond(
				res,
				record,
				429,
				{ error: { code: 'RATE_LIMITED', message: limited } },
				{
					'retry-after': String(this._rateLimit.retryAfterSeconds ?? 1),
				},
			);
		}
		this._inFlight++;
		this.stats.inFlightMax = Math.max(this.stats.inFlightMax, this._inFlight);
		let released = false;
		res.on('close', () => {
			if (!released) {
				released = true;
				this._inFlight--;
			}
		});

		if (this.latencyMs > 0) {
			const slept = await this._sleeper.sleep(this.latencyMs);
			if (!slept) return;
		}

		const rule = this._takeFailure(req.method, path);
		if (rule) {
			record.injected = rule.mode;
			if (rule.mode === 'respond') {
				const body =
					rule.body !== undefined
						? rule.body
						: { error: { code: 'UNKNOWN', message: 'Injected failure' } };
				return this._respond(res, record, rule.status, body, rule.headers);
			}
			if (rule.mode === 'dropBeforeWork') return this._drop(req, record);
			if (rule.mode === 'hang') {
				record.status = null;
				record.hung = true;
				this._hung.add(res);
				res.on('close', () => this._hung.delete(res));
				return;
			}
		}

		let result;
		try {
			if (!/^\/v3(\/|$)/.test(path))
				throw new ApiError(404, 'NOT_FOUND', `No route for ${req.method} ${path}`);
			const owner = authenticate(req.headers.authorization, this.accounts);
			record.account = owner;
			result = await handleApi({
				method: req.method,
				path,
				query: record.query,
				headers: record.headers,
				rawBody,
				state: this.state,
				owner,
				strict: this.strict,
			});
		} catch (err) {
			result = this._errorResult(err, record);
		}

		if (rule && rule.mode === 'dropAfterWork') this._drop(req, record);
		else this._respond(res, record, result.status, result.body, result.headers);
		if (result.events && result.events.length) this._dispatch(result.events);
	}

	_errorResult(err, record) {
		if (err instanceof ApiError)
			return { status: err.status, body: err.toBody(), headers: err.headers };
		record.internalError = err.stack || String(err);
		return {
			status: 500,
			body: { error: { code: 'UNKNOWN', message: `fake Briqpay internal error: ${err.message}` } },
		};
	}

	_respond(res, record, status, body, headers = {}) {
		record.status = status;
		record.responseBody = body;
		if (res.destroyed || res.writableEnded) return;
		if (body === undefined || status === 204) {
			res.writeHead(status, headers);
			return res.end();
		}
		const text = JSON.stringify(body);
		res.writeHead(status, {
			'content-type': 'application/json; charset=utf-8',
			'content-length': Buffer.byteLength(text),
			...headers,
		});
		res.end(text);
	}

	_drop(req, record) {
		record.status = null;
		record.dropped = true;
		req.socket.destroy();
	}

	_takeFailure(method, path) {
		const i = this._failures.findIndex(
			(f) =>
				f.times > 0 &&
				(!f.method || f.method === method) &&
				(f.path === undefined || (f.path instanceof RegExp ? f.path.test(path) : f.path === path)),
		);
		if (i < 0) return undefined;
		const rule = this._failures[i];
		if (rule.skip > 0) {
			rule.skip--;
			return undefined;
		}
		rule.times--;
		if (rule.times <= 0) this._failures.splice(i, 1);
		return rule;
	}

	/** Returns a message when the request must be refused with 429, else undefined. */
	_rateLimited() {
		const rl = this._rateLimit;
		if (!rl) return undefined;
		if (rl.maxInFlight !== undefined && this._inFlight >= rl.maxInFlight) {
			return `Too many concurrent requests (max ${rl.maxInFlight} in flight)`;
		}
		if (rl.rps !== undefined) {
			const now = Date.now();
			this._window = this._window.filter((t) => now - t < 1000);
			if (this._window.length >= rl.rps) return `Too many requests (max ${rl.rps} per second)`;
			this._window.push(now);
		}
		return undefined;
	}
}

module.exports = {
	FakeBriqpay,
	signHook,
	computeTotals: money.computeTotals,
	roundHalfAwayFromZero: money.roundHalfAwayFromZero,
};
