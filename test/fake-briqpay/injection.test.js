'use strict';

/** Fake Briqpay self-tests over real HTTP: failure injection and rate limits. */

const { AUTH, order, LINE_SHIRT, freshFakeEachTest, apiOf } = require('./testkit');

let fake;
const api = apiOf(() => fake);
freshFakeEachTest((started) => (fake = started));

describe('failure injection and rate limits', () => {
	const chargeBody = (tokenId) => ({
		product: { type: 'payment', intent: 'payment_charge_token' },
		data: { order: order([LINE_SHIRT]), tokenization: { tokenId } },
	});

	test('respond: answers without doing the work', async () => {
		const token = fake.seedToken({});
		fake.failNext({
			method: 'POST',
			path: '/v3/session',
			status: 503,
			body: { error: { code: 'UNKNOWN', message: 'down' } },
		});
		const r = await api('POST', '/v3/session', chargeBody(token.tokenId));
		expect(r.status).toBe(503);
		expect(r.body.error.message).toBe('down');
		expect(fake.getToken(token.tokenId).chargeSessions).toHaveLength(0);
		expect((await api('POST', '/v3/session', chargeBody(token.tokenId))).status).toBe(201); // times: 1
	});

	test('dropAfterWork: socket dies but the charge happened', async () => {
		const token = fake.seedToken({});
		fake.failNext({ path: /^\/v3\/session$/, mode: 'dropAfterWork' });
		await expect(api('POST', '/v3/session', chargeBody(token.tokenId))).rejects.toThrow();
		expect(fake.getToken(token.tokenId).chargeSessions).toHaveLength(1);
		expect(fake.requests[0]).toMatchObject({ dropped: true, status: null });
	});

	test('dropBeforeWork: socket dies and nothing happened', async () => {
		const token = fake.seedToken({});
		fake.failNext({ method: 'POST', mode: 'dropBeforeWork' });
		await expect(api('POST', '/v3/session', chargeBody(token.tokenId))).rejects.toThrow();
		expect(fake.getToken(token.tokenId).chargeSessions).toHaveLength(0);
	});

	test('hang: never answers until the client gives up', async () => {
		const s = fake.seedSession({});
		fake.failNext({ path: `/v3/session/${s.sessionId}`, mode: 'hang' });
		const started = Date.now();
		await expect(
			fetch(`${fake.baseUrl}/v3/session/${s.sessionId}`, {
				headers: { authorization: AUTH },
				signal: AbortSignal.timeout(150),
			}),
		).rejects.toThrow();
		expect(Date.now() - started).toBeGreaterThanOrEqual(140);
		expect((await api('GET', `/v3/session/${s.sessionId}`)).status).toBe(200);
	});

	test('rate limit: max in flight -> 429 + Retry-After, counted in stats', async () => {
		fake.latencyMs = 100;
		fake.setRateLimit({ maxInFlight: 1, retryAfterSeconds: 7 });
		const s = fake.seedSession({});
		const [a, b] = await Promise.all([
			api('GET', `/v3/session/${s.sessionId}`),
			api('GET', `/v3/session/${s.sessionId}`),
		]);
		const statuses = [a.status, b.status].sort();
		expect(statuses).toEqual([200, 429]);
		const limited = a.status === 429 ? a : b;
		expect(limited.headers.get('retry-after')).toBe('7');
		expect(limited.body.error.code).toBe('RATE_LIMITED');
		expect(fake.stats).toMatchObject({ requests: 2, rateLimited: 1, inFlightMax: 1 });
	});

	test('rate limit: requests per second', async () => {
		fake.setRateLimit({ rps: 2 });
		const s = fake.seedSession({});
		const codes = [];
		for (let i = 0; i < 3; i++) codes.push((await api('GET', `/v3/session/${s.sessionId}`)).status);
		expect(codes).toEqual([200, 200, 429]);
		fake.setRateLimit(null);
		expect((await api('GET', `/v3/session/${s.sessionId}`)).status).toBe(200);
	});
});
