'use strict';

/**
 * Dropdowns filled from the session (resources/order/sessionLists.ts): Refund → Capture ID and the
 * Reference of Lines to Capture / Lines to Refund. Each list method runs in n8n-core's real
 * LoadOptionsContext (test/harness/load-options.js) with the node's credential, against the fake;
 * the tests assert the one GET the fake received and the options the editor would show. Then the
 * values a user picks (resource locator objects) and the plain strings of workflows saved before
 * these fields were lists both run through the engine.
 */
const {
	setup,
	BASIC,
	TSHIRT: ORDER_TSHIRT,
	SHIPPING: ORDER_SHIPPING,
	stored,
} = require('./helpers');

const t = setup();

// The fake's default order lines, as it stores them.
const TSHIRT = stored(ORDER_TSHIRT);
const SHIPPING = stored(ORDER_SHIPPING);
const rl = (value, mode = 'list') => ({ __rl: true, mode, value });

const list = (method, parameters, filter) =>
	t.harness.loadOptions({
		node: { type: 'briqpay', parameters },
		credentials: t.credentials,
		method,
		filter,
	});

describe('Refund → Capture ID: list of the session’s captures', () => {
	test('one authenticated GET of the session; each capture with its amount, what it still holds and its status', async () => {
		const seeded = t.fake.seedSession({
			captures: [{ cart: [TSHIRT] }, { cart: [SHIPPING] }],
			refunds: [{ cart: [{ ...TSHIRT, quantity: 1 }] }],
		});
		const [shirts, shipping] = seeded.data.captures;
		const answer = await list('captures', {
			resource: 'order',
			operation: 'refund',
			sessionId: seeded.sessionId,
		});

		expect(t.requests().map((r) => `${r.method} ${r.path}`)).toEqual([
			`GET /v3/session/${seeded.sessionId}`,
		]);
		expect(t.requests()[0].headers.authorization).toBe(BASIC);
		expect(answer).toEqual({
			results: [
				{
					name: `250.00 SEK captured, 125.00 SEK refundable · captured · ${shirts.captureId}`,
					value: shirts.captureId,
				},
				{
					name: `61.25 SEK captured, 61.25 SEK refundable · captured · ${shipping.captureId}`,
					value: shipping.captureId,
				},
			],
		});
		const filtered = await list(
			'captures',
			{ resource: 'order', operation: 'refund', sessionId: seeded.sessionId },
			shipping.captureId.slice(0, 8),
		);
		expect(filtered.results.map((r) => r.value)).toEqual([shipping.captureId]);
	});

	test('no Session ID yet (or an expression): a clear message and no request', async () => {
		await expect(
			list('captures', { resource: 'order', operation: 'refund', sessionId: '' }),
		).rejects.toThrow('The list needs a fixed Session ID first');
		await expect(
			list('captures', {
				resource: 'order',
				operation: 'refund',
				sessionId: '={{ $json.sessionId }}',
			}),
		).rejects.toThrow('The list needs a fixed Session ID first');
		expect(t.requests()).toHaveLength(0);
	});
});

describe('Lines to Capture / Lines to Refund: list of the session’s lines', () => {
	test('capture: the lines not yet captured, with what is left', async () => {
		const seeded = t.fake.seedSession({ captures: [{ cart: [{ ...TSHIRT, quantity: 1 }] }] });
		const answer = await list('linesToCapture', {
			resource: 'order',
			operation: 'capture',
			captureScope: 'lines',
			sessionId: seeded.sessionId,
		});
		expect(t.requests()).toHaveLength(1);
		expect(t.requests()[0].headers.authorization).toBe(BASIC);
		expect(answer.results).toEqual([
			{
				name: 'T-shirt (sku-tshirt) · 25 % VAT · 1 left to capture · 100.00 SEK each excl. VAT',
				value: 'sku-tshirt',
			},
			{
				name: 'Shipping (shipping) · 25 % VAT · 1 left to capture · 49.00 SEK each excl. VAT',
				value: 'shipping',
			},
		]);
	});

	test('refund: the lines of the chosen capture not yet refunded', async () => {
		const seeded = t.fake.seedSession({ captures: [{ cart: [TSHIRT] }, { cart: [SHIPPING] }] });
		const [shirts] = seeded.data.captures;
		const answer = await list('linesToRefund', {
			resource: 'order',
			operation: 'refund',
			sessionId: seeded.sessionId,
			captureId: rl(shirts.captureId),
			refundBy: 'lines',
		});
		expect(answer.results).toEqual([
			{
				name: 'T-shirt (sku-tshirt) · 25 % VAT · 2 left to refund · 100.00 SEK each excl. VAT',
				value: 'sku-tshirt',
			},
		]);
	});
});

describe('values picked from the lists, and values saved before the fields were lists', () => {
	test('picked: Capture ID and line Reference as resource locator values → the refund Briqpay receives', async () => {
		const seeded = t.fake.seedSession({ captures: [{ cart: [TSHIRT] }, { cart: [SHIPPING] }] });
		const [, shipping] = seeded.data.captures;
		const run = await t.briqpay({
			resource: 'order',
			operation: 'refund',
			sessionId: seeded.sessionId,
			captureId: rl(shipping.captureId),
			refundBy: 'lines',
			chosenLines: { line: [{ reference: rl('shipping'), quantity: 1, taxRate: -1 }] },
		});
		expect(run.error).toBeUndefined();
		const post = t.requests().find((r) => r.method === 'POST');
		expect(post.body.captureId).toBe(shipping.captureId);
		expect(post.body.data.order.cart).toEqual([
			expect.objectContaining({ reference: 'shipping', quantity: 1 }),
		]);
		expect(run.items[0].json).toMatchObject({ captureId: shipping.captureId, amountIncVat: 6125 });
	});

	test('typed By ID / By Reference, and an expression: the same', async () => {
		const seeded = t.fake.seedSession({ status: 'completed' });
		const run = await t.briqpay(
			{
				resource: 'order',
				operation: 'capture',
				sessionId: seeded.sessionId,
				captureScope: 'lines',
				chosenLines: {
					line: [{ reference: rl('={{ $json.sku }}', 'id'), quantity: 1, taxRate: -1 }],
				},
			},
			{ items: [{ json: { sku: 'sku-tshirt' } }] },
		);
		expect(run.error).toBeUndefined();
		const post = t.requests().find((r) => r.method === 'POST');
		expect(post.body.data.order.cart).toEqual([
			expect.objectContaining({ reference: 'sku-tshirt', quantity: 1 }),
		]);
	});

	test('an older workflow with plain strings in Capture ID and Reference still refunds', async () => {
		const seeded = t.fake.seedSession({ captures: [{ cart: [TSHIRT] }, { cart: [SHIPPING] }] });
		const [shirts] = seeded.data.captures;
		const run = await t.briqpay({
			resource: 'order',
			operation: 'refund',
			sessionId: seeded.sessionId,
			captureId: shirts.captureId,
			refundBy: 'lines',
			chosenLines: { line: [{ reference: 'sku-tshirt', quantity: 2, taxRate: -1 }] },
		});
		expect(run.error).toBeUndefined();
		const post = t.requests().find((r) => r.method === 'POST');
		expect(post.body).toMatchObject({
			captureId: shirts.captureId,
			data: { order: { amountIncVat: 25000 } },
		});
	});

	test('By ID with something that is not an ID is refused before any request (n8n checks the mode’s pattern; an expression meets the node’s own check)', async () => {
		const seeded = t.fake.seedSession({ captures: [{ cart: [TSHIRT] }] });
		const run = await t.briqpay({
			resource: 'order',
			operation: 'refund',
			sessionId: seeded.sessionId,
			captureId: rl('capture-1', 'id'),
			refundBy: 'amount',
			refundAmount: 100,
		});
		expect(run.error.message).toContain(
			'A capture ID looks like a3811397-a1fc-44f0-99fd-d134063c9c47',
		);
		expect(t.requests()).toHaveLength(0);

		const viaExpression = await t.briqpay(
			{
				resource: 'order',
				operation: 'refund',
				sessionId: seeded.sessionId,
				captureId: rl('={{ $json.c }}', 'id'),
				refundBy: 'amount',
				refundAmount: 100,
			},
			{ items: [{ json: { c: 'capture-1' } }] },
		);
		expect(viaExpression.error.message).toBe('Capture ID "capture-1" is not a Briqpay ID');
		expect(t.requests()).toHaveLength(0);
	});
});
