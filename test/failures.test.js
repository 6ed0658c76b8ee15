'use strict';

/** Error mapping, retries, Continue On Fail and secrecy, all through the real engine. */
const { setup, cartLines, coffee, chargeToken, SECRET, everythingSeen } = require('./helpers');

const t = setup();

const getSession = (sessionId) => ({ resource: 'session', operation: 'get', sessionId });

describe('retries: reads are retried, money-moving calls are not', () => {
	test('GET is retried after a 503 and succeeds', async () => {
		const seeded = t.fake.seedSession({});
		t.fake.failNext({
			method: 'GET',
			path: `/v3/session/${seeded.sessionId}`,
			status: 503,
			times: 1,
		});
		const run = await t.briqpay(getSession(seeded.sessionId));
		expect(run.error).toBeUndefined();
		expect(t.requests().map((r) => r.status)).toEqual([503, 200]);
		expect(run.items[0].json.sessionId).toBe(seeded.sessionId);
	});

	test('GET honours Retry-After on 429', async () => {
		const seeded = t.fake.seedSession({});
		t.fake.failNext({
			method: 'GET',
			path: `/v3/session/${seeded.sessionId}`,
			status: 429,
			headers: { 'Retry-After': '1' },
			times: 1,
		});
		const started = Date.now();
		const run = await t.briqpay(getSession(seeded.sessionId));
		expect(run.error).toBeUndefined();
		expect(t.requests().map((r) => r.status)).toEqual([429, 200]);
		expect(Date.parse(t.requests()[1].at) - Date.parse(t.requests()[0].at)).toBeGreaterThanOrEqual(
			950,
		);
		expect(Date.now() - started).toBeLessThan(10000);
	});

	test('GET is retried after a dropped connection', async () => {
		const seeded = t.fake.seedSession({});
		t.fake.failNext({
			method: 'GET',
			path: `/v3/session/${seeded.sessionId}`,
			mode: 'dropBeforeWork',
			times: 1,
		});
		const run = await t.briqpay(getSession(seeded.sessionId));
		expect(run.error).toBeUndefined();
		expect(t.requests()).toHaveLength(2);
	});

	test('GET gives up after 4 attempts with a message that says so', async () => {
		const seeded = t.fake.seedSession({});
		t.fake.failNext({
			method: 'GET',
			path: `/v3/session/${seeded.sessionId}`,
			status: 500,
			headers: { 'Retry-After': '0' },
			times: 10,
		});
		const run = await t.briqpay(getSession(seeded.sessionId));
		expect(t.requests()).toHaveLength(4);
		expect(run.error.name).toBe('NodeApiError');
		expect(run.error.message).toBe('Briqpay had a problem answering (HTTP 500)');
		expect(run.error.description).toMatch(/sent 4 time\(s\)/);
	});

	test('PATCH is retried too (it is idempotent)', async () => {
		const seeded = t.fake.seedSession({});
		t.fake.failNext({
			method: 'PATCH',
			path: `/v3/session/${seeded.sessionId}`,
			status: 502,
			headers: { 'Retry-After': '0' },
			times: 1,
		});
		const run = await t.briqpay({
			resource: 'session',
			operation: 'update',
			sessionId: seeded.sessionId,
			billing: { city: 'Lund' },
		});
		expect(run.error).toBeUndefined();
		expect(t.requests().map((r) => r.status)).toEqual([502, 200]);
	});

	test('a charge (POST) answered 503 is sent once, then the token is read to find out', async () => {
		const token = t.fake.seedToken({});
		t.fake.failNext({
			method: 'POST',
			path: '/v3/session',
			status: 503,
			headers: { 'Retry-After': '0' },
			times: 5,
		});
		const run = await t.briqpay(chargeToken(token.tokenId));
		expect(t.requests().map((r) => `${r.method} ${r.path}`)).toEqual([
			`GET /v3/token/${token.tokenId}`,
			'POST /v3/session',
			`GET /v3/token/${token.tokenId}`,
		]);
		expect(run.error.message).toBe('The outcome of the charge is unknown');
		expect(run.error.description).toMatch(/Briqpay had a problem answering \(HTTP 503\)/);
		expect(run.error.description).toMatch(/not sent again, because it may have moved money/);
	});

	test('a session create (POST) whose connection drops is sent once', async () => {
		t.fake.failNext({ method: 'POST', path: '/v3/session', mode: 'dropBeforeWork', times: 5 });
		const run = await t.briqpay({
			resource: 'session',
			operation: 'create',
			intent: 'payment_one_time',
			customerType: 'business',
			country: 'SE',
			locale: 'sv-se',
			redirectUrl: 'https://x.example/r',
			termsUrl: 'https://x.example/t',
			orderInput: 'lines',
			currency: 'SEK',
			cartLines: cartLines(coffee),
		});
		expect(t.requests()).toHaveLength(1);
		expect(run.error.message).toBe(
			'Could not get an answer from Briqpay: the connection was dropped',
		);
		expect(run.error.description).toMatch(/outcome is unknown/);
	});

	test('a DELETE answered 500 is sent once', async () => {
		const token = t.fake.seedToken({});
		t.fake.failNext({
			method: 'DELETE',
			path: `/v3/token/${token.tokenId}`,
			status: 500,
			times: 5,
		});
		const run = await t.briqpay({
			resource: 'token',
			operation: 'deactivate',
			tokenId: token.tokenId,
		});
		expect(t.requests()).toHaveLength(1);
		expect(run.status).toBe('error');
	});
});

describe('redirects are not followed', () => {
	const http = require('node:http');
	let elsewhere;
	let reached;
	beforeAll(async () => {
		elsewhere = http.createServer((req, res) => {
			reached.push({ method: req.method, url: req.url, authorization: req.headers.authorization });
			res.writeHead(200, { 'content-type': 'application/json' });
			res.end('{}');
		});
		await new Promise((resolve) => elsewhere.listen(0, '127.0.0.1', resolve));
	});
	afterAll(async () => await new Promise((resolve) => elsewhere.close(resolve)));
	beforeEach(() => {
		reached = [];
	});
	const redirect = (method, path, status) =>
		t.fake.failNext({
			method,
			path,
			status,
			headers: { Location: `http://127.0.0.1:${elsewhere.address().port}/v3/stolen` },
			body: {},
			times: 5,
		});

	test('a read answered 302 stops with a clear error; the keys never reach the other address', async () => {
		const seeded = t.fake.seedSession({});
		redirect('GET', `/v3/session/${seeded.sessionId}`, 302);
		const run = await t.briqpay(getSession(seeded.sessionId));
		expect(t.requests().map((r) => `${r.method} ${r.path} ${r.status}`)).toEqual([
			`GET /v3/session/${seeded.sessionId} 302`,
		]);
		expect(reached).toEqual([]);
		expect(run.error.message).toBe('The Briqpay address answered with a redirect (HTTP 302)');
		expect(run.error.description).toMatch(/check Environment/);
	});

	test('a charge answered 307 is not sent again anywhere', async () => {
		const token = t.fake.seedToken({});
		redirect('POST', '/v3/session', 307);
		const run = await t.briqpay(chargeToken(token.tokenId));
		expect(t.requests().filter((r) => r.method === 'POST')).toHaveLength(1);
		expect(reached).toEqual([]);
		expect(run.error.message).toBe('The Briqpay address answered with a redirect (HTTP 307)');
	});
});

describe('credential problems are named', () => {
	const creds = (username, secret) => ({
		briqpayApi: { ...t.credentials.briqpayApi, username, secret },
	});
	test.each([
		[
			'a wrong secret',
			'test-user',
			'wrong',
			'Briqpay rejected the username and secret (INVALID_CREDENTIALS)',
		],
		[
			'an unknown username',
			'nobody',
			'x',
			'Briqpay does not know this API username (INVALID_API_KEY)',
		],
		[
			'an expired secret',
			'expired-user',
			'old-secret',
			'The Briqpay secret has expired (AUTH_SECRET_EXPIRED)',
		],
	])('%s', async (_label, username, secret, message) => {
		const seeded = t.fake.seedSession({});
		const run = await t.briqpay(getSession(seeded.sessionId), {
			credentials: creds(username, secret),
		});
		expect(run.error.name).toBe('NodeApiError');
		expect(run.error.message).toBe(message);
		expect(run.error.httpCode).toBe('403');
		expect(t.requests()).toHaveLength(1); // a 403 is never retried
		expect(everythingSeen(run)).not.toContain(secret === 'x' ? 'nobody:x' : secret);
	});

	test('keys-of-the-other-environment hint is part of the description', async () => {
		const seeded = t.fake.seedSession({});
		const run = await t.briqpay(getSession(seeded.sessionId), {
			credentials: creds('nobody', 'x'),
		});
		expect(run.error.description).toMatch(/Playground and Production have separate keys/);
	});
});

describe('Continue On Fail', () => {
	test('one error item per failed input item, paired with it; good items still succeed', async () => {
		const a = t.fake.seedSession({});
		const c = t.fake.seedSession({});
		const run = await t.briqpay(
			{ resource: 'session', operation: 'get', sessionId: '={{ $json.id }}' },
			{
				continueOnFail: true,
				items: [
					{ json: { id: a.sessionId } },
					{ json: { id: 'oops' } },
					{ json: { id: c.sessionId } },
					{ json: { id: 'b1f0c1de-0000-4000-8000-000000000000' } },
				],
			},
		);
		expect(run.status).toBe('success');
		expect(run.items).toHaveLength(4);
		expect(run.items.map((i) => i.pairedItem)).toEqual([
			{ item: 0 },
			{ item: 1 },
			{ item: 2 },
			{ item: 3 },
		]);
		expect(run.items[0].json.sessionId).toBe(a.sessionId);
		expect(run.items[1].json.error).toBe('Session ID "oops" is not a Briqpay ID');
		expect(run.items[2].json.sessionId).toBe(c.sessionId);
		expect(run.items[3].json).toMatchObject({
			error: expect.stringMatching(/has no session/),
			httpCode: '404',
			code: 'NOT_FOUND',
		});
		// the bad id never reached the server
		expect(t.requests().map((r) => r.path)).toEqual([
			`/v3/session/${a.sessionId}`,
			`/v3/session/${c.sessionId}`,
			'/v3/session/b1f0c1de-0000-4000-8000-000000000000',
		]);
	});
});

describe('the secret never shows', () => {
	test('not in outputs, errors or logs, whatever happens', async () => {
		const seeded = t.fake.seedSession({});
		t.fake.failNext({
			method: 'GET',
			path: `/v3/session/${seeded.sessionId}`,
			mode: 'dropBeforeWork',
			times: 10,
		});
		const failed = await t.briqpay(getSession(seeded.sessionId));
		expect(failed.status).toBe('error');
		const ok = await t.briqpay(getSession(seeded.sessionId));
		const onFail = await t.briqpay(getSession('4a0f4c2e-8a53-4b8e-9a55-0c7b1a2b3c4d'), {
			continueOnFail: true,
		});
		const basic = Buffer.from(`test-user:${SECRET}`).toString('base64');
		for (const run of [failed, ok, onFail]) {
			const seen = everythingSeen(run);
			expect(seen).not.toContain(SECRET);
			expect(seen).not.toContain(basic);
		}
	});
});
