'use strict';

/** Fake Briqpay self-tests over real HTTP: tokens and charges of a saved token. */

const crypto = require('node:crypto');
const {
	order,
	LINE_SHIRT,
	createBody,
	startReceiver,
	freshFakeEachTest,
	apiOf,
} = require('./testkit');

let fake;
const api = apiOf(() => fake);
freshFakeEachTest((started) => (fake = started));

describe('tokens and charges', () => {
	const chargeBody = (tokenId, extra = {}) => ({
		product: { type: 'payment', intent: 'payment_charge_token' },
		data: { order: order([LINE_SHIRT]), tokenization: { tokenId } },
		...extra,
	});

	test('charge needs an existing, active token', async () => {
		let r = await api('POST', '/v3/session', chargeBody(crypto.randomUUID()));
		expect(r.status).toBe(400);
		expect(r.body.error).toEqual({
			code: 'INVALID_DATA',
			message: expect.stringMatching(/token not found/),
		});
		const inactive = fake.seedToken({ state: 'inactive' });
		r = await api('POST', '/v3/session', chargeBody(inactive.tokenId));
		expect(r.body.error.message).toMatch(/token is inactive/);
		r = await api('POST', '/v3/session', chargeBody('nope'));
		expect(r.body.error.message).toMatch(/data\.tokenization\.tokenId must be a UUID/);
		r = await api('POST', '/v3/session', {
			product: { type: 'payment', intent: 'payment_charge_token' },
			data: { tokenization: { tokenId: inactive.tokenId } },
		});
		expect(r.body.error.message).toMatch(/data\.order is required/);
	});

	test('charge completes at once, appends chargeSessions and fires its hooks', async () => {
		const rx = await startReceiver();
		try {
			const token = fake.seedToken({});
			const hooks = [
				{
					eventType: 'session_status',
					statuses: ['completed'],
					method: 'POST',
					url: `${rx.url}/hook`,
				},
				{
					eventType: 'order_status',
					statuses: ['order_approved_not_captured'],
					method: 'POST',
					url: `${rx.url}/hook`,
				},
			];
			const r = await api('POST', '/v3/session', chargeBody(token.tokenId, { hooks }));
			expect(r.status).toBe(201);
			expect(r.body.status).toBe('completed');
			expect(r.body.moduleStatus.payment.orderStatus).toBe('order_approved_not_captured');
			expect(r.body.data.transactions).toHaveLength(1);
			expect(r.body.data.transactions[0]).toMatchObject({
				status: 'approved',
				captureStatus: 'not_captured',
			});
			const t = fake.getToken(token.tokenId);
			expect(t.chargeSessions).toEqual([
				{
					sessionId: r.body.sessionId,
					completedAt: expect.any(String),
					order: { amountIncVat: 25000, amountExVat: 20000, currency: 'SEK' },
				},
			]);
			await fake.flushHooks();
			expect(rx.received.map((x) => x.body)).toEqual([
				{ event: 'session_status', status: 'completed', sessionId: r.body.sessionId },
				{
					event: 'order_status',
					status: 'order_approved_not_captured',
					sessionId: r.body.sessionId,
				},
			]);
		} finally {
			await rx.close();
		}
	});

	test('GET token shape; DELETE -> 204 inactive, twice', async () => {
		const token = fake.seedToken({});
		let r = await api('GET', `/v3/token/${token.tokenId}`);
		expect(Object.keys(r.body).sort()).toEqual(
			[
				'chargeSessions',
				'country',
				'createdAt',
				'customerType',
				'data',
				'expiryDate',
				'initialSessionId',
				'locale',
				'paymentMethod',
				'product',
				'state',
				'tokenId',
			].sort(),
		);
		expect((await api('DELETE', `/v3/token/${token.tokenId}`)).status).toBe(204);
		expect((await api('DELETE', `/v3/token/${token.tokenId}`)).status).toBe(204);
		r = await api('GET', `/v3/token/${token.tokenId}`);
		expect(r.body.state).toBe('inactive');
	});

	test('completing a tokenize session creates a token', async () => {
		const r = await api(
			'POST',
			'/v3/session',
			createBody({ product: { type: 'payment', intent: 'payment_tokenize_and_charge' } }),
		);
		await fake.transition(r.body.sessionId, 'complete');
		const s = fake.getSession(r.body.sessionId);
		const t = fake.getToken(s.data.tokenization.tokenId);
		expect(t).toMatchObject({ state: 'active', initialSessionId: s.sessionId, chargeSessions: [] });
	});
});
