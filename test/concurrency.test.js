'use strict';

/** Bounded concurrency, order kept, locks per token/session, and gentle behaviour under rate limits. */
const { setup, cartLines, coffee, chargeToken } = require('./helpers');

const t = setup();

afterEach(() => {
	t.fake.latencyMs = 0;
	t.fake.setRateLimit(null);
	t.fake.resetStats();
});

const getSession = (extra = {}) => ({
	resource: 'session',
	operation: 'get',
	sessionId: '={{ $json.id }}',
	...extra,
});

describe('bounded concurrency', () => {
	test('items run in parallel up to the setting, and come out in input order with pairedItem', async () => {
		const sessions = Array.from({ length: 24 }, () => t.fake.seedSession({}));
		const items = sessions.map((s, i) => ({ json: { id: i === 5 ? 'not-an-id' : s.sessionId } }));
		t.fake.latencyMs = 25;
		t.fake.resetStats();
		const run = await t.briqpay(getSession({ processing: { concurrency: 4 } }), {
			items,
			continueOnFail: true,
		});
		expect(run.status).toBe('success');
		expect(run.items.map((i) => i.pairedItem)).toEqual(items.map((_, i) => ({ item: i })));
		run.items.forEach((item, i) => {
			if (i === 5) expect(item.json.error).toMatch(/not a Briqpay ID/);
			else expect(item.json.sessionId).toBe(sessions[i].sessionId);
		});
		expect(t.requests()).toHaveLength(23);
		expect(t.fake.stats.inFlightMax).toBeLessThanOrEqual(4);
		expect(t.fake.stats.inFlightMax).toBeGreaterThanOrEqual(2);
	});

	test('concurrency 1 is strictly sequential', async () => {
		const sessions = Array.from({ length: 6 }, () => t.fake.seedSession({}));
		t.fake.latencyMs = 10;
		t.fake.resetStats();
		const run = await t.briqpay(getSession({ processing: { concurrency: 1 } }), {
			items: sessions.map((s) => ({ json: { id: s.sessionId } })),
		});
		expect(run.items.map((i) => i.json.sessionId)).toEqual(sessions.map((s) => s.sessionId));
		expect(t.requests().map((r) => r.path)).toEqual(
			sessions.map((s) => `/v3/session/${s.sessionId}`),
		);
		expect(t.fake.stats.inFlightMax).toBe(1);
	});

	test('without Continue On Fail, a failure stops new items from starting and fails the node', async () => {
		const sessions = Array.from({ length: 12 }, () => t.fake.seedSession({}));
		const items = sessions.map((s, i) => ({ json: { id: i === 2 ? 'bad' : s.sessionId } }));
		const run = await t.briqpay(getSession({ processing: { concurrency: 2 } }), { items });
		expect(run.status).toBe('error');
		expect(run.error.message).toMatch(/"bad" is not a Briqpay ID/);
		expect(t.requests().length).toBeLessThan(12);
	});
});

describe('concurrency never weakens money safety', () => {
	const charge = (extra = {}) =>
		chargeToken('={{ $json.tokenId }}', {
			skipIfAlreadyCharged: true,
			chargeReference: '2026-11',
			cartLines: cartLines({ ...coffee, quantity: 1 }),
			processing: { concurrency: 10 },
			...extra,
		});

	test('two items for the same token and charge reference charge once; other tokens in parallel', async () => {
		const [a, b, c] = [t.fake.seedToken({}), t.fake.seedToken({}), t.fake.seedToken({})];
		t.fake.latencyMs = 20;
		const items = [a, a, b, c, a, b].map((tok) => ({ json: { tokenId: tok.tokenId } }));
		const run = await t.briqpay(charge(), { items });
		expect(run.status).toBe('success');
		expect(run.items.map((i) => i.json.alreadyCharged)).toEqual([
			false,
			true,
			false,
			false,
			true,
			true,
		]);
		expect(run.items[1].json.sessionId).toBe(run.items[0].json.sessionId);
		expect(run.items[5].json.sessionId).toBe(run.items[2].json.sessionId);
		expect(t.requests().filter((r) => r.method === 'POST')).toHaveLength(3);
		for (const tok of [a, b, c])
			expect(t.fake.getToken(tok.tokenId).chargeSessions).toHaveLength(1);
	});

	test('captures of one session never race: each reads the state the previous one left', async () => {
		const session = t.fake.seedSession({
			status: 'completed',
			data: {
				order: {
					currency: 'SEK',
					amountExVat: 3000,
					amountIncVat: 3750,
					cart: [
						{
							productType: 'physical',
							name: 'A',
							reference: 'A',
							quantity: 1,
							quantityUnit: 'pcs',
							unitPrice: 1000,
							taxRate: 2500,
						},
						{
							productType: 'physical',
							name: 'B',
							reference: 'B',
							quantity: 1,
							quantityUnit: 'pcs',
							unitPrice: 2000,
							taxRate: 2500,
						},
					],
				},
			},
		});
		t.fake.latencyMs = 20;
		const run = await t.briqpay(
			{
				resource: 'order',
				operation: 'capture',
				sessionId: session.sessionId,
				captureScope: 'lines',
				chosenLines: { line: [{ reference: '={{ $json.ref }}', quantity: 1, taxRate: -1 }] },
				processing: { concurrency: 10 },
			},
			{ items: [{ json: { ref: 'A' } }, { json: { ref: 'B' } }] },
		);
		expect(run.status).toBe('success');
		expect(t.requests().map((r) => r.method)).toEqual(['GET', 'POST', 'GET', 'POST']);
		expect(new Set(run.items.map((i) => i.json.captureId)).size).toBe(2);
		expect(t.fake.getSession(session.sessionId).moduleStatus.payment.orderStatus).toBe(
			'captured_full',
		);
	});
});

describe('rate limits', () => {
	test('a POST answered 429 is sent again (Briqpay did not act) and charges once', async () => {
		const token = t.fake.seedToken({});
		t.fake.failNext({
			method: 'POST',
			path: '/v3/session',
			status: 429,
			headers: { 'Retry-After': '0' },
			times: 1,
		});
		const run = await t.briqpay(chargeToken(token.tokenId));
		expect(run.status).toBe('success');
		expect(t.requests().map((r) => `${r.method} ${r.status}`)).toEqual([
			'GET 200',
			'POST 429',
			'POST 201',
		]);
		expect(t.fake.getToken(token.tokenId).chargeSessions).toHaveLength(1);
	});

	test('under an in-flight limit every item still succeeds, and the node backs off', async () => {
		const sessions = Array.from({ length: 30 }, () => t.fake.seedSession({}));
		t.fake.latencyMs = 15;
		t.fake.setRateLimit({ maxInFlight: 3, retryAfterSeconds: 0 });
		const run = await t.briqpay(getSession({ processing: { concurrency: 10 } }), {
			items: sessions.map((s) => ({ json: { id: s.sessionId } })),
		});
		expect(run.status).toBe('success');
		expect(run.items.map((i) => i.json.sessionId)).toEqual(sessions.map((s) => s.sessionId));
		expect(t.fake.stats.rateLimited).toBeGreaterThan(0);
		// far fewer 429s than a client that keeps 10 requests in flight would get
		expect(t.fake.stats.rateLimited).toBeLessThan(60);
	});

	// Concurrency 1, the first request refused: the order of requests shows whether the other
	// items waited for the refused one's retry (about 400 ms later: no Retry-After given).
	const firstRefused = async (status) => {
		const sessions = Array.from({ length: 3 }, () => t.fake.seedSession({}));
		t.fake.failNext({ method: 'GET', status, times: 1 });
		const run = await t.briqpay(getSession({ processing: { concurrency: 1 } }), {
			items: sessions.map((s) => ({ json: { id: s.sessionId } })),
		});
		expect(run.status).toBe('success');
		expect(run.items.map((i) => i.json.sessionId)).toEqual(sessions.map((s) => s.sessionId));
		const sent = t
			.requests()
			.map((r) => `${sessions.findIndex((s) => r.path.endsWith(s.sessionId))} ${r.status}`);
		expect(t.fake.stats.inFlightMax).toBe(1);
		return sent;
	};

	test('while an item waits out a 429, the next items go on (still one request at a time)', async () => {
		expect(await firstRefused(429)).toEqual(['0 429', '1 200', '2 200', '0 200']);
	});

	test('while an item waits out a 500, the next items wait too (no more load on a failing server)', async () => {
		expect(await firstRefused(500)).toEqual(['0 500', '0 200', '1 200', '2 200']);
	});
});
