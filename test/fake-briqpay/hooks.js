'use strict';

/**
 * Outgoing hooks ("webhooks"), sent like Briqpay sends them.
 *
 * [ref]    per-session `hooks` entries {eventType, statuses[], method GET|POST, url}; POST -> JSON body,
 *          GET -> the same fields as query parameters; payload {event, status, sessionId} plus
 *          captureId/autoCaptured/isPreExistingCapture (capture) or refundId (refund).
 * [plugin] at-least-once: a non-2xx answer (or a network error) makes Briqpay deliver again.
 * [plugin][guess] optional signature header
 *          x-briq-signature: t=<unix ms>,s1=<base64 HMAC-SHA256(secret, "<t>.<raw body>")>
 *          (GET: the signed raw body is the empty string).
 *
 * Attempt schedule (ours): `retry.attempts` = maximum number of attempts in total (first + redeliveries),
 * `retry.delayMs` between attempts. First attempts of one dispatch go out in order; redeliveries run
 * concurrently. Every attempt is recorded.
 */

const http = require('node:http');
const https = require('node:https');
const crypto = require('node:crypto');
const { makeSleeper } = require('./util');

function signHook(secret, rawBody, t = Date.now()) {
	const s1 = crypto.createHmac('sha256', secret).update(`${t}.${rawBody}`).digest('base64');
	return `t=${t},s1=${s1}`;
}

/** Build method/url/headers/body for one hook target and payload. */
function buildRequest(target, payload, signingSecret) {
	const method = target.method === 'GET' ? 'GET' : 'POST';
	const headers = { 'user-agent': 'fake-briqpay-hooks/1.0', accept: '*/*' };
	let url = target.url;
	let rawBody = '';
	if (method === 'GET') {
		const u = new URL(target.url);
		for (const [k, val] of Object.entries(payload)) {
			if (val === undefined || val === null) continue;
			u.searchParams.set(k, typeof val === 'object' ? JSON.stringify(val) : String(val));
		}
		url = u.toString();
	} else {
		rawBody = JSON.stringify(payload);
		headers['content-type'] = 'application/json';
		headers['content-length'] = String(Buffer.byteLength(rawBody));
	}
	if (signingSecret) headers['x-briq-signature'] = signHook(signingSecret, rawBody);
	return { method, url, headers, rawBody };
}

class HookDispatcher {
	/**
	 * @param {object} opts
	 * @param {{attempts:number, delayMs:number}} opts.retry
	 * @param {() => string|undefined} opts.getSigningSecret
	 * @param {number} opts.timeoutMs  per attempt
	 */
	constructor({ retry, getSigningSecret, timeoutMs = 5000 }) {
		this.retry = { attempts: 3, delayMs: 50, ...(retry || {}) };
		this.getSigningSecret = getSigningSecret || (() => undefined);
		this.timeoutMs = timeoutMs;
		this.deliveries = [];
		this._pending = new Set();
		this._requests = new Set();
		this._sleeper = makeSleeper();
		this._stopped = false;
	}

	/**
	 * Deliver each payload to every hook of the session subscribed to (event, status).
	 * Resolves with the list of final delivery records when all attempts are done.
	 */
	dispatch(session, payloads) {
		const jobs = [];
		for (const payload of payloads) {
			for (const hook of session.hooks || []) {
				if (hook.eventType === payload.event && (hook.statuses || []).includes(payload.status)) {
					jobs.push({ target: { method: hook.method, url: hook.url }, payload });
				}
			}
		}
		return this._track(this._runJobs(jobs));
	}

	/** Send one arbitrary (possibly forged) hook. opts: {method, url, signingSecret?, signature?, retry?} */
	send(payload, opts) {
		const job = {
			target: { method: opts.method || 'POST', url: opts.url },
			payload,
			signingSecret: opts.signingSecret,
			signature: opts.signature,
			retry: opts.retry,
		};
		return this._track(this._runJobs([job]).then((r) => r[0]));
	}

	/** Allow deliveries again after stop() (used by FakeBriqpay#start). */
	resume() {
		this._stopped = false;
	}

	async flush() {
		while (this._pending.size) await Promise.allSettled([...this._pending]);
	}

	/** Cancel redelivery waits, abort requests under way. Pending promises resolve. */
	stop() {
		this._stopped = true;
		this._sleeper.cancelAll();
		for (const req of this._requests) req.destroy(new Error('fake Briqpay stopped'));
		this._requests.clear();
	}

	_track(promise) {
		this._pending.add(promise);
		const done = () => this._pending.delete(promise);
		promise.then(done, done);
		return promise;
	}

	async _runJobs(jobs) {
		const chains = [];
		for (const job of jobs) {
			if (this._stopped) break;
			// first attempt in order; the rest of the chain (redeliveries) concurrently
			const first = await this._attempt(job, 1);
			chains.push(first.ok ? Promise.resolve(first) : this._redeliver(job, first));
		}
		return Promise.all(chains);
	}

	async _redeliver(job, last) {
		const retry =
			job.retry === false ? { attempts: 1, delayMs: 0 } : { ...this.retry, ...(job.retry || {}) };
		let rec = last;
		for (let attempt = 2; attempt <= retry.attempts && !rec.ok; attempt++) {
			const slept = await this._sleeper.sleep(retry.delayMs);
			if (!slept || this._stopped) break;
			rec = await this._attempt(job, attempt);
		}
		return rec;
	}

	async _attempt(job, attempt) {
		const secret = job.signingSecret !== undefined ? job.signingSecret : this.getSigningSecret();
		const built = buildRequest(job.target, job.payload, secret);
		if (job.signature !== undefined) built.headers['x-briq-signature'] = job.signature;
		const record = {
			url: built.url,
			method: built.method,
			payload: job.payload,
			headers: built.headers,
			rawBody: built.rawBody,
			attempt,
			at: new Date().toISOString(),
			sessionId: job.payload && job.payload.sessionId,
		};
		try {
			record.statusCode = await this._httpSend(built);
			record.ok = record.statusCode >= 200 && record.statusCode < 300;
		} catch (err) {
			record.error = err.message || String(err);
			record.ok = false;
		}
		this.deliveries.push(record);
		return record;
	}

	_httpSend({ method, url, headers, rawBody }) {
		return new Promise((resolve, reject) => {
			if (this._stopped) return reject(new Error('fake Briqpay stopped'));
			const u = new URL(url);
			const lib = u.protocol === 'https:' ? https : http;
			const req = lib.request(u, {
				method,
				headers: { ...headers, connection: 'close' },
				agent: false,
				timeout: this.timeoutMs,
			});
			this._requests.add(req);
			const finish = () => this._requests.delete(req);
			req.on('timeout', () =>
				req.destroy(new Error(`hook delivery timed out after ${this.timeoutMs} ms`)),
			);
			req.on('error', (err) => {
				finish();
				reject(err);
			});
			req.on('response', (res) => {
				res.resume();
				res.on('end', () => {
					finish();
					resolve(res.statusCode);
				});
				res.on('error', (err) => {
					finish();
					reject(err);
				});
			});
			req.end(method === 'GET' ? undefined : rawBody);
		});
	}
}

module.exports = { HookDispatcher, signHook };
