'use strict';

/**
 * The local Briqpay stand-in: the test fake's CLI (test/fake-briqpay/cli.js) in its own process on
 * 127.0.0.1, and a small client for its /__control API (seed, drive transitions, send hooks,
 * inject failures, read what it received).
 */
const { FAKE_CLI, ROOT } = require('./paths');
const { startBackground, stopBackground } = require('./proc');

/** Starts the fake; resolves {proc, baseUrl, seeded, control}. */
async function startFake({
	port = 0,
	username,
	secret,
	seed = true,
	logFile,
	hookAttempts = 3,
	hookDelayMs = 50,
	node = process.execPath,
	extraArgs = [],
}) {
	const args = [FAKE_CLI, '--port', String(port), '--username', username, '--secret', secret];
	if (seed) args.push('--seed');
	args.push('--hook-attempts', String(hookAttempts), '--hook-delay-ms', String(hookDelayMs));
	args.push(...extraArgs);
	const proc = startBackground('fake Briqpay', node, args, { cwd: ROOT, logFile, stdout: 'pipe' });
	const line = await new Promise((resolve, reject) => {
		let buffer = '';
		const timer = setTimeout(
			() => reject(new Error(`the fake did not start in 15 s (log: ${logFile})`)),
			15000,
		);
		proc.child.stdout.on('data', (chunk) => {
			buffer += chunk;
			const end = buffer.indexOf('\n');
			if (end >= 0) {
				clearTimeout(timer);
				resolve(buffer.slice(0, end));
			}
		});
		proc.exited.then(({ code }) => {
			clearTimeout(timer);
			reject(new Error(`the fake exited with code ${code} before it was ready (log: ${logFile})`));
		});
	});
	// Keep draining stdout so the child never blocks on a full pipe.
	proc.child.stdout.resume();
	const info = JSON.parse(line);
	const control = new FakeControl(info.baseUrl);
	await control.get('/health');
	return { proc, baseUrl: info.baseUrl, seeded: info.seeded, control };
}

async function stopFake(fake) {
	if (fake?.proc) await stopBackground(fake.proc, { timeoutMs: 5000 });
}

class FakeControl {
	constructor(baseUrl) {
		this.baseUrl = baseUrl;
	}

	async request(method, path, body) {
		const response = await fetch(`${this.baseUrl}/__control${path}`, {
			method,
			headers: body === undefined ? {} : { 'content-type': 'application/json' },
			body: body === undefined ? undefined : JSON.stringify(body),
		});
		const text = await response.text();
		if (!response.ok)
			throw new Error(`fake ${method} /__control${path}: ${response.status} ${text}`);
		return text ? JSON.parse(text) : undefined;
	}

	get(path) {
		return this.request('GET', path);
	}

	post(path, body = {}) {
		return this.request('POST', path, body);
	}

	/** Recorded API requests (control and hosted pages are not recorded). */
	requests() {
		return this.get('/requests');
	}

	hooks() {
		return this.get('/hooks');
	}

	flushHooks() {
		return this.post('/flush-hooks');
	}

	seedSession(partial = {}) {
		return this.post('/sessions', partial);
	}

	seedToken(partial = {}) {
		return this.post('/tokens', partial);
	}

	async session(id) {
		return (await this.get(`/sessions/${id}`)).session;
	}

	async token(id) {
		return (await this.get(`/tokens/${id}`)).token;
	}

	/** Drives a session (approve, complete, cancel, capture_approved, …); fires its hooks and waits for delivery. */
	transition(id, to, opts = {}) {
		return this.post(`/sessions/${id}/transition`, { to, ...opts });
	}

	/** Sends one hook (real or forged) like Briqpay does. */
	sendHook({ sessionId, payload, method = 'POST', url, retry }) {
		return this.post('/send-hook', { sessionId, payload, method, url, retry });
	}

	/** Next matching API requests fail: {method, pathRegex, status, times, mode}. */
	failNext(rule) {
		return this.post('/fail-next', rule);
	}

	clearFailures() {
		return this.request('DELETE', '/fail-next');
	}
}

module.exports = { startFake, stopFake, FakeControl };
