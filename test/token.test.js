'use strict';

const { setup, cartLines, coffee, chargeToken, BASIC } = require('./helpers');

const t = setup();

describe('Token → Get', () => {
	test('reads the token with its earlier charges', async () => {
		const token = t.fake.seedToken({});
		const run = await t.briqpay({ resource: 'token', operation: 'get', tokenId: token.tokenId });
		expect(t.requests()).toEqual([
			expect.objectContaining({ method: 'GET', path: `/v3/token/${token.tokenId}` }),
		]);
		expect(t.requests()[0].headers.authorization).toBe(BASIC);
		expect(run.items).toEqual([{ json: t.fake.getToken(token.tokenId), pairedItem: { item: 0 } }]);
	});
});

describe('Token → Charge', () => {
	test('creates a payment_charge_token session and the token records the charge', async () => {
		const token = t.fake.seedToken({});
		const run = await t.briqpay({
			resource: 'token',
			operation: 'charge',
			tokenId: token.tokenId,
			orderInput: 'lines',
			currency: 'SEK',
			cartLines: cartLines({
				...coffee,
				name: 'Monthly plan',
				reference: 'PLAN-M',
				quantity: 1,
				unitPrice: 19900,
				taxRate: 2500,
			}),
			references: { reference: [{ key: 'reference1', value: 'INV-2026-11' }] },
			simplify: true,
		});
		expect(run.error).toBeUndefined();
		// the token is read first (a card that cannot be charged is skipped), then charged once
		const [read, request] = t.requests();
		expect(t.requests()).toHaveLength(2);
		expect(read).toMatchObject({ method: 'GET', path: `/v3/token/${token.tokenId}` });
		expect(read.headers.authorization).toBe(BASIC);
		expect(request).toMatchObject({ method: 'POST', path: '/v3/session' });
		expect(request.headers.authorization).toBe(BASIC);
		expect(request.body).toEqual({
			product: { type: 'payment', intent: 'payment_charge_token' },
			data: {
				order: {
					currency: 'SEK',
					amountExVat: 19900,
					amountIncVat: 24875,
					cart: [
						{
							productType: 'physical',
							name: 'Monthly plan',
							reference: 'PLAN-M',
							quantity: 1,
							quantityUnit: 'pcs',
							unitPrice: 19900,
							taxRate: 2500,
						},
					],
				},
				tokenization: { tokenId: token.tokenId },
			},
			references: {
				reference1: 'INV-2026-11',
				n8nChargeId: expect.stringMatching(/^[0-9a-f-]{36}$/),
			},
		});
		const json = run.items[0].json;
		expect(json).toMatchObject({
			outcome: 'charged',
			status: 'completed',
			orderStatus: 'order_approved_not_captured',
			amountIncVat: 24875,
			tokenId: token.tokenId,
		});
		expect(t.fake.getToken(token.tokenId).chargeSessions).toEqual([
			expect.objectContaining({
				sessionId: json.sessionId,
				order: { amountIncVat: 24875, amountExVat: 19900, currency: 'SEK' },
			}),
		]);
	});

	test('a deactivated or expired card is skipped with the reason, and nothing is charged', async () => {
		const inactive = t.fake.seedToken({ state: 'inactive' });
		const expired = t.fake.seedToken({ expiryDate: '2020-01-31T00:00:00.000Z' });
		const expiredMonth = t.fake.seedToken({ expiryDate: '2021-06' });
		const run = await t.briqpay(chargeToken('={{ $json.tokenId }}'), {
			items: [inactive, expired, expiredMonth].map((tok) => ({ json: { tokenId: tok.tokenId } })),
		});
		expect(run.error).toBeUndefined();
		expect(run.items.map((i) => i.json)).toEqual([
			{
				tokenId: inactive.tokenId,
				outcome: 'skipped',
				alreadyCharged: false,
				reason: expect.stringMatching(/is inactive \(deactivated\).*save a new card/),
			},
			{
				tokenId: expired.tokenId,
				outcome: 'skipped',
				alreadyCharged: false,
				reason: expect.stringMatching(/expired \(2020-01-31T00:00:00.000Z\)/),
			},
			{
				tokenId: expiredMonth.tokenId,
				outcome: 'skipped',
				alreadyCharged: false,
				reason: expect.stringMatching(/expired \(2021-06\)/),
			},
		]);
		expect(run.items.map((i) => i.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
		expect(t.requests().map((r) => r.method)).toEqual(['GET', 'GET', 'GET']);
		for (const tok of [inactive, expired, expiredMonth])
			expect(t.fake.getToken(tok.tokenId).chargeSessions).toHaveLength(0);
	});

	test('every charge says its outcome in one word: charged, pending, rejected', async () => {
		const tokens = ['approved', 'pending', 'rejected'].map((chargeOutcome) =>
			t.fake.seedToken({ chargeOutcome }),
		);
		const run = await t.briqpay(chargeToken('={{ $json.tokenId }}', { simplify: true }), {
			items: tokens.map((tok) => ({ json: { tokenId: tok.tokenId } })),
		});
		expect(run.items.map((i) => [i.json.outcome, i.json.orderStatus])).toEqual([
			['charged', 'order_approved_not_captured'],
			['pending', 'order_pending'],
			['rejected', 'order_rejected'],
		]);
		expect(t.requests().filter((r) => r.method === 'POST')).toHaveLength(3);
	});

	test('a charge without an order never reaches Briqpay', async () => {
		const token = t.fake.seedToken({});
		const run = await t.briqpay({
			resource: 'token',
			operation: 'charge',
			tokenId: token.tokenId,
			orderInput: 'lines',
			cartLines: {},
		});
		expect(run.error.message).toMatch(/cart is empty/i);
		expect(t.requests()).toHaveLength(0);
	});
});

describe('Token → Deactivate', () => {
	test('deletes the token and emits an item that says so', async () => {
		const token = t.fake.seedToken({});
		const run = await t.briqpay({
			resource: 'token',
			operation: 'deactivate',
			tokenId: token.tokenId,
		});
		expect(t.requests()).toEqual([
			expect.objectContaining({
				method: 'DELETE',
				path: `/v3/token/${token.tokenId}`,
				status: 204,
			}),
		]);
		expect(run.items).toEqual([
			{
				json: {
					tokenId: token.tokenId,
					state: 'inactive',
					success: true,
					message: 'Token deactivated: it can no longer be charged.',
				},
				pairedItem: { item: 0 },
			},
		]);
		expect(t.fake.getToken(token.tokenId).state).toBe('inactive');
	});
});

describe('Token → Charge: real-time webhooks [plugin]', () => {
	test('a charge with webhooks sends config.realTimeProcessing; switched off it sends no config', async () => {
		const token = t.fake.seedToken({});
		const hooks = {
			hook: [
				{
					url: 'https://n8n.example.com/webhook/abc/webhook',
					eventType: 'order_status',
					statuses: ['all'],
					method: 'POST',
				},
			],
		};
		const base = chargeToken(token.tokenId, { hooks });
		const on = await t.briqpay(base);
		expect(on.error).toBeUndefined();
		const off = await t.briqpay({ ...base, options: { realTimeWebhooks: false } });
		expect(off.error).toBeUndefined();
		const charges = t.requests().filter((r) => r.method === 'POST');
		expect(charges).toHaveLength(2);
		expect(charges[0].body.config).toEqual({ realTimeProcessing: true });
		expect(charges[0].status).toBe(201);
		expect(charges[1].body).not.toHaveProperty('config');
	});
});
