'use strict';

/**
 * Order → Capture / Refund / Cancel / Update References through the real engine against the fake
 * Briqpay. Each test asserts what Briqpay received, what the node emitted and what state Briqpay
 * ended up in.
 */
const { setup, BASIC, TSHIRT, SHIPPING, stored } = require('./helpers');
const { computeTotals } = require('./fake-briqpay');

const t = setup();
const { calls, posts } = t;

const sessionPath = (id) => `/v3/session/${id}`;
const capturePath = (id) => `/v3/session/${id}/order/capture`;
const refundPath = (id) => `/v3/session/${id}/order/refund`;
const cancelPath = (id) => `/v3/session/${id}/order/cancel`;

const capture = (sessionId, extra = {}) => ({
	resource: 'order',
	operation: 'capture',
	sessionId,
	...extra,
});
const refund = (sessionId, extra = {}) => ({
	resource: 'order',
	operation: 'refund',
	sessionId,
	...extra,
});
const cancel = (sessionId) => ({ resource: 'order', operation: 'cancel', sessionId });
const lines = (...rows) => ({ line: rows.map((row) => ({ taxRate: -1, ...row })) });

describe('Order → Capture', () => {
	test('full capture: reads the remaining lines from the session, computes the totals and emits the capture', async () => {
		const seeded = t.fake.seedSession({ status: 'completed' });
		const run = await t.briqpay(capture(seeded.sessionId, { captureScope: 'remaining' }));

		expect(run.error).toBeUndefined();
		expect(calls()).toEqual([
			`GET ${sessionPath(seeded.sessionId)}`,
			`POST ${capturePath(seeded.sessionId)}`,
		]);
		const [read, post] = t.requests();
		expect(read.headers.authorization).toBe(BASIC);
		expect(post.headers.authorization).toBe(BASIC);
		expect(post.status).toBe(201);
		expect(post.body).toEqual({
			data: {
				order: {
					currency: 'SEK',
					amountExVat: 24900,
					amountIncVat: 31125,
					cart: [TSHIRT, SHIPPING],
				},
			},
		});

		const state = t.fake.getSession(seeded.sessionId);
		expect(state.moduleStatus.payment.orderStatus).toBe('captured_full');
		expect(state.data.captures).toHaveLength(1);
		const [made] = state.data.captures;
		expect(made).toMatchObject({ status: 'captured', amountIncVat: 31125, amountExVat: 24900 });
		expect(run.items).toEqual([
			{
				json: {
					sessionId: seeded.sessionId,
					captureId: made.captureId,
					amountIncVat: 31125,
					amountExVat: 24900,
					currency: 'SEK',
					cart: [TSHIRT, SHIPPING],
				},
				pairedItem: { item: 0 },
			},
		]);
	});

	test('partial capture: only the chosen lines and quantities, priced from the session', async () => {
		const seeded = t.fake.seedSession({ status: 'completed' });
		const run = await t.briqpay(
			capture(seeded.sessionId, {
				captureScope: 'lines',
				chosenLines: lines({ reference: 'sku-tshirt', quantity: 1 }),
			}),
		);

		expect(run.error).toBeUndefined();
		expect(calls()).toEqual([
			`GET ${sessionPath(seeded.sessionId)}`,
			`POST ${capturePath(seeded.sessionId)}`,
		]);
		const one = { ...TSHIRT, quantity: 1 };
		expect(t.requests()[1].body).toEqual({
			data: { order: { currency: 'SEK', amountExVat: 10000, amountIncVat: 12500, cart: [one] } },
		});

		const state = t.fake.getSession(seeded.sessionId);
		expect(state.moduleStatus.payment.orderStatus).toBe('captured_partial');
		expect(state.data.captures).toEqual([
			expect.objectContaining({ amountIncVat: 12500, status: 'captured' }),
		]);
		expect(run.items).toEqual([
			{
				json: {
					sessionId: seeded.sessionId,
					captureId: state.data.captures[0].captureId,
					amountIncVat: 12500,
					amountExVat: 10000,
					currency: 'SEK',
					cart: [one],
				},
				pairedItem: { item: 0 },
			},
		]);
	});

	test('a second partial capture takes only what is left, and the last one completes the order', async () => {
		const seeded = t.fake.seedSession({ status: 'completed' });
		const first = await t.briqpay(
			capture(seeded.sessionId, {
				captureScope: 'lines',
				chosenLines: lines({ reference: 'sku-tshirt', quantity: 1 }),
			}),
		);
		expect(first.error).toBeUndefined();

		t.fake.clearRequests();
		const second = await t.briqpay(
			capture(seeded.sessionId, {
				captureScope: 'lines',
				chosenLines: lines(
					{ reference: 'sku-tshirt', quantity: 1 },
					{ reference: 'shipping', quantity: 1, taxRate: 2500 },
				),
			}),
		);
		expect(second.error).toBeUndefined();
		expect(calls()).toEqual([
			`GET ${sessionPath(seeded.sessionId)}`,
			`POST ${capturePath(seeded.sessionId)}`,
		]);
		const cart = [{ ...TSHIRT, quantity: 1 }, SHIPPING];
		expect(t.requests()[1].body).toEqual({
			data: { order: { currency: 'SEK', amountExVat: 14900, amountIncVat: 18625, cart } },
		});

		const state = t.fake.getSession(seeded.sessionId);
		expect(state.data.captures.map((c) => c.amountIncVat)).toEqual([12500, 18625]);
		expect(state.moduleStatus.payment.orderStatus).toBe('captured_full');
		expect(second.items).toEqual([
			{
				json: {
					sessionId: seeded.sessionId,
					captureId: state.data.captures[1].captureId,
					amountIncVat: 18625,
					amountExVat: 14900,
					currency: 'SEK',
					cart,
				},
				pairedItem: { item: 0 },
			},
		]);
	});

	test('after a partial capture, "everything not yet captured" captures the rest only', async () => {
		const seeded = t.fake.seedSession({ orderStatus: 'captured_partial' }); // T-shirt line captured
		const run = await t.briqpay(capture(seeded.sessionId));
		expect(run.error).toBeUndefined();
		expect(calls()).toEqual([
			`GET ${sessionPath(seeded.sessionId)}`,
			`POST ${capturePath(seeded.sessionId)}`,
		]);
		expect(t.requests()[1].body).toEqual({
			data: { order: { currency: 'SEK', amountExVat: 4900, amountIncVat: 6125, cart: [SHIPPING] } },
		});
		const state = t.fake.getSession(seeded.sessionId);
		expect(state.moduleStatus.payment.orderStatus).toBe('captured_full');
		expect(run.items[0]).toEqual({
			json: expect.objectContaining({
				captureId: state.data.captures[1].captureId,
				amountIncVat: 6125,
			}),
			pairedItem: { item: 0 },
		});
	});

	test('US order with sales tax: a full capture includes the sales_tax line in lines and total', async () => {
		const cart = [
			{
				productType: 'physical',
				reference: 'WIDGET',
				name: 'Widget',
				quantity: 3,
				quantityUnit: 'pcs',
				unitPrice: 2500,
				taxRate: 0,
			},
			{ productType: 'sales_tax', reference: 'TAX', name: 'Sales tax', totalTaxAmount: 619 },
		];
		const seeded = t.fake.seedSession({
			country: 'US',
			locale: 'en-us',
			data: { order: { currency: 'USD', ...computeTotals(cart), cart } },
			status: 'completed',
		});
		expect(seeded.data.order.amountIncVat).toBe(8119);

		const run = await t.briqpay(capture(seeded.sessionId));
		expect(run.error).toBeUndefined();
		expect(calls()).toEqual([
			`GET ${sessionPath(seeded.sessionId)}`,
			`POST ${capturePath(seeded.sessionId)}`,
		]);
		expect(t.requests()[1].body).toEqual({
			data: { order: { currency: 'USD', amountExVat: 7500, amountIncVat: 8119, cart } },
		});
		const state = t.fake.getSession(seeded.sessionId);
		expect(state.moduleStatus.payment.orderStatus).toBe('captured_full');
		expect(run.items).toEqual([
			{
				json: {
					sessionId: seeded.sessionId,
					captureId: state.data.captures[0].captureId,
					amountIncVat: 8119,
					amountExVat: 7500,
					currency: 'USD',
					cart,
				},
				pairedItem: { item: 0 },
			},
		]);
	});

	test('an order with the same reference on two lines: a partial capture can take units from both lines', async () => {
		// e.g. the same SKU added to the cart twice. Briqpay matches lines by reference + tax rate,
		// so 3 units of SKU-1 are left to capture and a capture of 3 must be accepted.
		const cart = [
			{
				productType: 'physical',
				reference: 'SKU-1',
				name: 'Coffee',
				quantity: 1,
				quantityUnit: 'pcs',
				unitPrice: 1000,
				taxRate: 1200,
			},
			{
				productType: 'physical',
				reference: 'SKU-1',
				name: 'Coffee',
				quantity: 2,
				quantityUnit: 'pcs',
				unitPrice: 1000,
				taxRate: 1200,
			},
		];
		const seeded = t.fake.seedSession({
			data: { order: { currency: 'SEK', ...computeTotals(cart), cart } },
			status: 'completed',
		});
		const run = await t.briqpay(
			capture(seeded.sessionId, {
				captureScope: 'lines',
				chosenLines: lines({ reference: 'SKU-1', quantity: 3 }),
			}),
		);

		expect(run.error).toBeUndefined();
		expect(calls()).toEqual([
			`GET ${sessionPath(seeded.sessionId)}`,
			`POST ${capturePath(seeded.sessionId)}`,
		]);
		const order = t.requests()[1].body.data.order;
		expect(order).toMatchObject({ currency: 'SEK', amountExVat: 3000, amountIncVat: 3360 });
		expect(
			order.cart.every(
				(line) => line.reference === 'SKU-1' && line.unitPrice === 1000 && line.taxRate === 1200,
			),
		).toBe(true);
		expect(order.cart.reduce((n, line) => n + line.quantity, 0)).toBe(3);
		const state = t.fake.getSession(seeded.sessionId);
		expect(state.moduleStatus.payment.orderStatus).toBe('captured_full');
		expect(run.items).toEqual([
			{
				json: expect.objectContaining({
					captureId: state.data.captures[0].captureId,
					amountIncVat: 3360,
				}),
				pairedItem: { item: 0 },
			},
		]);
	});

	describe('refused before anything is captured', () => {
		test.each([
			[
				'a pending order',
				{ orderStatus: 'order_pending' },
				{},
				/^This order can't be captured: its status is order_pending$/,
				/not approved the order yet/,
			],
			[
				'a fully captured order',
				{ orderStatus: 'captured_full' },
				{},
				/^This order can't be captured: its status is captured_full$/,
				/already captured/,
			],
			[
				'a cancelled order',
				{ orderStatus: 'order_cancelled' },
				{},
				/its status is order_cancelled$/,
				/Only completed orders/,
			],
			[
				'a session that is not completed',
				{},
				{},
				/^This order can't be captured: its status is started$/,
				/Only completed orders/,
			],
			[
				'a line the order does not have',
				{ status: 'completed' },
				{ captureScope: 'lines', chosenLines: lines({ reference: 'nope', quantity: 1 }) },
				/^Line 1: no line with reference "nope" is left to capture$/,
				/sku-tshirt ×2 \(tax 25 %\), shipping ×1/,
			],
			[
				'more than is left of a line',
				{ status: 'completed' },
				{ captureScope: 'lines', chosenLines: lines({ reference: 'sku-tshirt', quantity: 3 }) },
				/^Line 1: only 2 of "sku-tshirt" are left to capture, not 3$/,
				/Lines left to capture/,
			],
			[
				'the right reference with the wrong tax rate',
				{ status: 'completed' },
				{
					captureScope: 'lines',
					chosenLines: lines({ reference: 'shipping', quantity: 1, taxRate: 1200 }),
				},
				/no line with reference "shipping" and tax rate 1200/,
				/by reference and tax rate/,
			],
			[
				'no chosen lines',
				{ status: 'completed' },
				{ captureScope: 'lines', chosenLines: {} },
				/^Add at least one line to capture$/,
				/Lines left to capture/,
			],
		])('%s', async (_label, seed, params, message, description) => {
			const seeded = t.fake.seedSession(seed);
			const before = t.fake.getSession(seeded.sessionId);
			const run = await t.briqpay(capture(seeded.sessionId, params));
			expect(run.status).toBe('error');
			expect(run.error.name).toBe('NodeOperationError');
			expect(run.error.message).toMatch(message);
			expect(run.error.description).toMatch(description);
			expect(run.items ?? []).toEqual([]);
			expect(calls()).toEqual([`GET ${sessionPath(seeded.sessionId)}`]);
			expect(t.fake.getSession(seeded.sessionId)).toEqual(before);
		});
	});
});

describe('Order → Refund', () => {
	test('by lines: refunds the chosen captured lines from the only capture', async () => {
		const seeded = t.fake.seedSession({ orderStatus: 'captured_full' });
		const captureId = seeded.data.captures[0].captureId;
		const run = await t.briqpay(
			refund(seeded.sessionId, {
				refundBy: 'lines',
				chosenLines: lines({ reference: 'sku-tshirt', quantity: 1 }),
			}),
		);

		expect(run.error).toBeUndefined();
		expect(calls()).toEqual([
			`GET ${sessionPath(seeded.sessionId)}`,
			`POST ${refundPath(seeded.sessionId)}`,
		]);
		const post = t.requests()[1];
		expect(post.headers.authorization).toBe(BASIC);
		const cart = [{ ...TSHIRT, quantity: 1 }];
		expect(post.body).toEqual({
			captureId,
			data: { order: { currency: 'SEK', amountExVat: 10000, amountIncVat: 12500, cart } },
		});

		const state = t.fake.getSession(seeded.sessionId);
		expect(state.data.refunds).toEqual([
			expect.objectContaining({
				parentCaptureId: captureId,
				amountIncVat: 12500,
				status: 'refunded',
			}),
		]);
		expect(state.moduleStatus.payment.refundStatus).toBe('partially_refunded');
		expect(run.items).toEqual([
			{
				json: {
					sessionId: seeded.sessionId,
					captureId,
					refundId: state.data.refunds[0].refundId,
					amountIncVat: 12500,
					amountExVat: 10000,
					currency: 'SEK',
					cart,
				},
				pairedItem: { item: 0 },
			},
		]);
	});

	test.each([
		[5000, 2500, 4000],
		[12345, 1200, 11022],
		[999, 0, 999],
	])(
		'by amount %i at tax rate %i: one adjustment line whose net + VAT is exactly the amount',
		async (amount, taxRate, net) => {
			const seeded = t.fake.seedSession({ orderStatus: 'captured_full' });
			const captureId = seeded.data.captures[0].captureId;
			const run = await t.briqpay(
				refund(seeded.sessionId, {
					refundBy: 'amount',
					refundAmount: amount,
					refundTaxRate: taxRate,
					refundName: 'Goodwill',
				}),
			);

			expect(run.error).toBeUndefined();
			expect(calls()).toEqual([
				`GET ${sessionPath(seeded.sessionId)}`,
				`POST ${refundPath(seeded.sessionId)}`,
			]);
			const line = {
				productType: 'adjustment',
				name: 'Goodwill',
				quantity: 1,
				quantityUnit: 'pcs',
				unitPrice: net,
				taxRate,
			};
			expect(t.requests()[1].body).toEqual({
				captureId,
				data: { order: { currency: 'SEK', amountExVat: net, amountIncVat: amount, cart: [line] } },
			});
			expect(net + Math.round((net * taxRate) / 10000)).toBe(amount);

			const state = t.fake.getSession(seeded.sessionId);
			expect(state.data.refunds).toEqual([
				expect.objectContaining({
					parentCaptureId: captureId,
					amountIncVat: amount,
					amountExVat: net,
				}),
			]);
			expect(run.items).toEqual([
				{
					json: {
						sessionId: seeded.sessionId,
						captureId,
						refundId: state.data.refunds[0].refundId,
						amountIncVat: amount,
						amountExVat: net,
						currency: 'SEK',
						cart: [line],
					},
					pairedItem: { item: 0 },
				},
			]);
		},
	);

	test('several captures: without Capture ID the node lists them and sends nothing; with one it refunds from it', async () => {
		const seeded = t.fake.seedSession({
			captures: [{ cart: [stored(TSHIRT)] }, { cart: [stored(SHIPPING)] }],
		});
		const [shirts, shipping] = seeded.data.captures;

		const refused = await t.briqpay(
			refund(seeded.sessionId, { refundBy: 'amount', refundAmount: 1000, refundTaxRate: 2500 }),
		);
		expect(refused.status).toBe('error');
		expect(refused.error.message).toBe('This order has several captures: choose one in Capture ID');
		expect(refused.error.description).toContain(`${shirts.captureId} (25000 SEK, captured)`);
		expect(refused.error.description).toContain(`${shipping.captureId} (6125 SEK, captured)`);
		expect(calls()).toEqual([`GET ${sessionPath(seeded.sessionId)}`]);
		expect(t.fake.getSession(seeded.sessionId).data.refunds).toEqual([]);

		t.fake.clearRequests();
		const run = await t.briqpay(
			refund(seeded.sessionId, {
				captureId: shipping.captureId.toUpperCase(),
				refundBy: 'lines',
				chosenLines: lines({ reference: 'shipping', quantity: 1 }),
			}),
		);
		expect(run.error).toBeUndefined();
		expect(calls()).toEqual([
			`GET ${sessionPath(seeded.sessionId)}`,
			`POST ${refundPath(seeded.sessionId)}`,
		]);
		expect(t.requests()[1].body).toEqual({
			captureId: shipping.captureId,
			data: { order: { currency: 'SEK', amountExVat: 4900, amountIncVat: 6125, cart: [SHIPPING] } },
		});
		const state = t.fake.getSession(seeded.sessionId);
		expect(state.data.refunds).toEqual([
			expect.objectContaining({ parentCaptureId: shipping.captureId, amountIncVat: 6125 }),
		]);
		expect(run.items).toEqual([
			{
				json: expect.objectContaining({
					sessionId: seeded.sessionId,
					captureId: shipping.captureId,
					refundId: state.data.refunds[0].refundId,
					amountIncVat: 6125,
				}),
				pairedItem: { item: 0 },
			},
		]);
	});

	describe('refused before anything is refunded', () => {
		const twoCaptures = () => ({
			captures: [{ cart: [stored(TSHIRT)] }, { cart: [stored(SHIPPING)] }],
		});
		test.each([
			[
				'no capture yet',
				() => ({ status: 'completed' }),
				{},
				/^This order has no capture to refund$/,
				/use Order → Cancel/,
			],
			[
				'an amount above the capture',
				() => ({ orderStatus: 'captured_full' }),
				{ refundBy: 'amount', refundAmount: 31126, refundTaxRate: 2500 },
				/^The refund \(31126\) is more than capture [0-9a-f-]{36} still holds \(31125\)$/,
				/Refund less/,
			],
			[
				'an amount above what an earlier refund left',
				() => ({ orderStatus: 'captured_full', refunds: [{ cart: [stored(TSHIRT, 1)] }] }),
				{ refundBy: 'amount', refundAmount: 18626, refundTaxRate: 2500 },
				/^The refund \(18626\) is more than capture [0-9a-f-]{36} still holds \(18625\)$/,
				/minor units, including VAT/,
			],
			[
				'lines after an amount refund that leave too little',
				() => ({
					orderStatus: 'captured_full',
					refunds: [
						{
							cart: [
								{
									productType: 'adjustment',
									name: 'Goodwill',
									quantity: 1,
									quantityUnit: 'pcs',
									unitPrice: 20000,
									taxRate: 2500,
								},
							],
						},
					],
				}),
				{ refundBy: 'lines', chosenLines: lines({ reference: 'sku-tshirt', quantity: 1 }) },
				/^The refund \(12500\) is more than capture [0-9a-f-]{36} still holds \(6125\)$/,
				/Refund less/,
			],
			[
				'more of a line than the capture holds',
				() => ({ orderStatus: 'captured_partial' }),
				{ refundBy: 'lines', chosenLines: lines({ reference: 'sku-tshirt', quantity: 3 }) },
				/^Line 1: only 2 of "sku-tshirt" are left to refund, not 3$/,
				/Lines left to refund: sku-tshirt ×2/,
			],
			[
				'a line that was not captured',
				() => ({ orderStatus: 'captured_partial' }),
				{ refundBy: 'lines', chosenLines: lines({ reference: 'shipping', quantity: 1 }) },
				/^Line 1: no line with reference "shipping" is left to refund$/,
				/must match the capture/,
			],
			[
				'an amount that cannot be split into whole minor units',
				() => ({ orderStatus: 'captured_full' }),
				{ refundBy: 'amount', refundAmount: 7, refundTaxRate: 2500 },
				/^7 including 25 % VAT cannot be split into whole minor units$/,
				/Use 6 or 8/,
			],
			[
				'a zero amount',
				() => ({ orderStatus: 'captured_full' }),
				{ refundBy: 'amount', refundAmount: 0, refundTaxRate: 2500 },
				/^Amount must be a whole number of at least 1/,
				/5000 means 50\.00/,
			],
			[
				'a Capture ID the order does not have',
				twoCaptures,
				{
					captureId: '4a0f4c2e-8a53-4b8e-9a55-0c7b1a2b3c4d',
					refundBy: 'amount',
					refundAmount: 100,
					refundTaxRate: 0,
				},
				/^The order has no capture 4a0f4c2e-8a53-4b8e-9a55-0c7b1a2b3c4d$/,
				/Its captures: /,
			],
			[
				'a pending capture',
				() => ({
					orderStatus: 'captured_full',
					captureMode: 'async',
					captures: [{ status: 'pending' }],
				}),
				{ refundBy: 'amount', refundAmount: 100, refundTaxRate: 0 },
				/^Capture [0-9a-f-]{36} is still pending$/,
				/capture_status event says "approved"/,
			],
		])('%s', async (_label, seed, params, message, description) => {
			const seeded = t.fake.seedSession(seed());
			const before = t.fake.getSession(seeded.sessionId);
			const run = await t.briqpay(refund(seeded.sessionId, { refundBy: 'lines', ...params }));
			expect(run.status).toBe('error');
			expect(run.error.name).toBe('NodeOperationError');
			expect(run.error.message).toMatch(message);
			expect(run.error.description).toMatch(description);
			expect(run.items ?? []).toEqual([]);
			expect(calls()).toEqual([`GET ${sessionPath(seeded.sessionId)}`]);
			expect(t.fake.getSession(seeded.sessionId)).toEqual(before);
		});

		test('a Capture ID that is not a Briqpay ID is refused without any request', async () => {
			const seeded = t.fake.seedSession({ orderStatus: 'captured_full' });
			const run = await t.briqpay(
				refund(seeded.sessionId, { captureId: '../cancel', refundBy: 'amount', refundAmount: 100 }),
			);
			expect(run.error.message).toBe('Capture ID "../cancel" is not a Briqpay ID');
			expect(calls()).toEqual([]);
			expect(t.fake.getSession(seeded.sessionId).data.refunds).toEqual([]);
		});
	});
});

describe('Order → Cancel', () => {
	test('an approved, uncaptured order is cancelled and the item says so', async () => {
		const seeded = t.fake.seedSession({ status: 'completed' });
		const run = await t.briqpay(cancel(seeded.sessionId));
		expect(run.error).toBeUndefined();
		expect(calls()).toEqual([
			`GET ${sessionPath(seeded.sessionId)}`,
			`POST ${cancelPath(seeded.sessionId)}`,
		]);
		const post = t.requests()[1];
		expect(post.headers.authorization).toBe(BASIC);
		expect(post.status).toBe(204);
		expect(post.body ?? {}).toEqual({});
		expect(t.fake.getSession(seeded.sessionId).moduleStatus.payment.orderStatus).toBe(
			'order_cancelled',
		);
		expect(run.items).toEqual([
			{
				json: {
					sessionId: seeded.sessionId,
					orderStatus: 'order_cancelled',
					success: true,
					message: 'Order cancelled: the reserved amount is released.',
				},
				pairedItem: { item: 0 },
			},
		]);
	});

	test("a payment method that cannot be cancelled: Briqpay's CANCEL_NOT_SUPPORTED in plain words", async () => {
		const seeded = t.fake.seedSession({ status: 'completed', cancelSupported: false });
		const run = await t.briqpay(cancel(seeded.sessionId));
		expect(run.status).toBe('error');
		expect(run.error.name).toBe('NodeApiError');
		expect(run.error.message).toBe(
			"This payment method can't be cancelled through Briqpay (CANCEL_NOT_SUPPORTED)",
		);
		expect(run.error.description).toMatch(/Cancel the payment in the payment provider's portal/);
		expect(run.error.httpCode).toBe('400');
		expect(calls()).toEqual([
			`GET ${sessionPath(seeded.sessionId)}`,
			`POST ${cancelPath(seeded.sessionId)}`,
		]);
		expect(t.requests()[1].status).toBe(400);
		expect(t.fake.getSession(seeded.sessionId).moduleStatus.payment.orderStatus).toBe(
			'order_approved_not_captured',
		);
	});

	test('an order with a pending capture is refused before sending, and the message names the capture', async () => {
		const seeded = t.fake.seedSession({ captureMode: 'async', captures: [{ status: 'pending' }] });
		expect(seeded.moduleStatus.payment.orderStatus).toBe('order_approved_not_captured');
		const before = t.fake.getSession(seeded.sessionId);
		const run = await t.briqpay(cancel(seeded.sessionId));
		expect(run.status).toBe('error');
		expect(calls()).toEqual([`GET ${sessionPath(seeded.sessionId)}`]);
		expect(t.fake.getSession(seeded.sessionId)).toEqual(before);
		expect(run.error.name).toBe('NodeOperationError');
		expect(run.error.message).toMatch(/^This order can't be cancelled/);
		// "its status is order_approved_not_captured" + "Only … order_approved_not_captured … can be cancelled"
		// contradicts itself: the reason is the (pending) capture, and the way out is Refund.
		expect(run.error.description).not.toBe(
			'Only approved orders that are not captured (order_approved_not_captured) can be cancelled.',
		);
		expect(run.error.description).toMatch(/captur.*Refund/);
	});

	test.each([
		[
			'already captured',
			{ orderStatus: 'captured_full' },
			"This order can't be cancelled: it is already captured (captured_full)",
			/Give captured money back with Order → Refund/,
		],
		[
			'partly captured',
			{ orderStatus: 'captured_partial' },
			"This order can't be cancelled: it is already captured (captured_partial)",
			/Give captured money back with Order → Refund/,
		],
		[
			'pending',
			{ orderStatus: 'order_pending' },
			"This order can't be cancelled: its status is order_pending",
			/Only approved orders that are not captured/,
		],
		[
			'already cancelled',
			{ orderStatus: 'order_cancelled' },
			"This order can't be cancelled: its status is order_cancelled",
			/already cancelled/,
		],
		[
			'not completed',
			{},
			"This order can't be cancelled: its status is started",
			/Only approved orders/,
		],
	])('%s: refused before sending', async (_label, seed, message, description) => {
		const seeded = t.fake.seedSession(seed);
		const before = t.fake.getSession(seeded.sessionId);
		const run = await t.briqpay(cancel(seeded.sessionId));
		expect(run.status).toBe('error');
		expect(run.error.name).toBe('NodeOperationError');
		expect(run.error.message).toBe(message);
		expect(run.error.description).toMatch(description);
		expect(run.items ?? []).toEqual([]);
		expect(calls()).toEqual([`GET ${sessionPath(seeded.sessionId)}`]);
		expect(t.fake.getSession(seeded.sessionId)).toEqual(before);
	});
});

describe('Order → Update References', () => {
	const updateRefs = (sessionId) => ({
		resource: 'order',
		operation: 'updateReferences',
		sessionId,
		references: {
			reference: [
				{ key: 'reference1', value: 'ERP-1001' },
				{ key: 'invoice', value: 'INV-7' },
			],
		},
	});

	test('a completed order: PATCH …/order/update/references, and a 204 becomes an item that says so', async () => {
		const seeded = t.fake.seedSession({
			status: 'completed',
			references: { reference1: 'OLD', keep: 'me' },
		});
		const run = await t.briqpay(updateRefs(seeded.sessionId));
		expect(run.error).toBeUndefined();
		expect(calls()).toEqual([`PATCH /v3/session/${seeded.sessionId}/order/update/references`]);
		const [request] = t.requests();
		expect(request.headers.authorization).toBe(BASIC);
		expect(request.status).toBe(204);
		expect(request.body).toEqual({ references: { reference1: 'ERP-1001', invoice: 'INV-7' } });
		expect(t.fake.getSession(seeded.sessionId).references).toEqual({
			reference1: 'ERP-1001',
			invoice: 'INV-7',
			keep: 'me',
		});
		expect(run.items).toEqual([
			{
				json: {
					sessionId: seeded.sessionId,
					references: { reference1: 'ERP-1001', invoice: 'INV-7' },
					success: true,
					message: 'References of the order updated.',
				},
				pairedItem: { item: 0 },
			},
		]);
	});

	test("an order that is not completed: Briqpay's ORDER_NOT_COMPLETED in plain words", async () => {
		const seeded = t.fake.seedSession({ references: { reference1: 'OLD' } });
		const run = await t.briqpay(updateRefs(seeded.sessionId));
		expect(run.error.name).toBe('NodeApiError');
		expect(run.error.message).toBe('The order is not completed yet (ORDER_NOT_COMPLETED)');
		expect(run.error.description).toMatch(/Wait until the customer has finished the checkout/);
		expect(calls()).toEqual([`PATCH /v3/session/${seeded.sessionId}/order/update/references`]);
		expect(t.requests()[0].status).toBe(400);
		expect(t.fake.getSession(seeded.sessionId).references).toEqual({ reference1: 'OLD' });
	});

	test('no references: refused without a request', async () => {
		const seeded = t.fake.seedSession({ status: 'completed' });
		const run = await t.briqpay({
			resource: 'order',
			operation: 'updateReferences',
			sessionId: seeded.sessionId,
		});
		expect(run.error.message).toBe('Add at least one reference');
		expect(calls()).toEqual([]);
	});
});

describe('reconciliation: a lost answer to a money-moving call is read back, never re-sent', () => {
	test('capture: connection dropped after Briqpay captured → reported as done, with the real captureId', async () => {
		const seeded = t.fake.seedSession({ status: 'completed' });
		t.fake.failNext({ method: 'POST', path: /\/order\/capture$/, mode: 'dropAfterWork' });
		const run = await t.briqpay(capture(seeded.sessionId));

		expect(run.error).toBeUndefined();
		expect(calls()).toEqual([
			`GET ${sessionPath(seeded.sessionId)}`,
			`POST ${capturePath(seeded.sessionId)}`,
			`GET ${sessionPath(seeded.sessionId)}`,
		]);
		expect(posts()).toHaveLength(1);
		expect(t.requests()[1]).toMatchObject({ dropped: true, status: null });
		const state = t.fake.getSession(seeded.sessionId);
		expect(state.data.captures).toHaveLength(1);
		expect(run.items).toEqual([
			{
				json: {
					sessionId: seeded.sessionId,
					captureId: state.data.captures[0].captureId,
					amountIncVat: 31125,
					amountExVat: 24900,
					currency: 'SEK',
					cart: [TSHIRT, SHIPPING],
					status: 'captured',
					reconciled: true,
				},
				pairedItem: { item: 0 },
			},
		]);
	});

	test('capture: connection dropped before Briqpay acted → the outcome is unknown, sent once', async () => {
		const seeded = t.fake.seedSession({ status: 'completed' });
		t.fake.failNext({ method: 'POST', path: /\/order\/capture$/, mode: 'dropBeforeWork' });
		const run = await t.briqpay(capture(seeded.sessionId));
		expect(run.status).toBe('error');
		expect(run.error.message).toBe('The outcome of the capture is unknown');
		expect(run.error.description).toMatch(
			/Reading the state back does not show the capture \(yet\)/,
		);
		expect(run.error.description).toMatch(/It was not sent again, because it may have moved money/);
		expect(run.error.description).toContain(
			`Open session ${seeded.sessionId} in Briqpay and look for a capture of 31125 SEK`,
		);
		expect(posts()).toHaveLength(1);
		expect(calls()).toEqual([
			`GET ${sessionPath(seeded.sessionId)}`,
			`POST ${capturePath(seeded.sessionId)}`,
			`GET ${sessionPath(seeded.sessionId)}`,
		]);
		expect(t.fake.getSession(seeded.sessionId).data.captures).toEqual([]);
	});

	test('capture: when the read-back fails too, the message says so; still one POST', async () => {
		const seeded = t.fake.seedSession({ status: 'completed' });
		t.fake.failNext({ method: 'POST', path: /\/order\/capture$/, mode: 'dropAfterWork' });
		// the pre-flight read goes through; every read after the POST fails
		t.fake.failNext({
			method: 'GET',
			path: sessionPath(seeded.sessionId),
			status: 503,
			headers: { 'Retry-After': '0' },
			skip: 1,
			times: 10,
		});
		const run = await t.briqpay(capture(seeded.sessionId));
		expect(run.error.message).toBe('The outcome of the capture is unknown');
		expect(run.error.description).toMatch(
			/Reading the state back failed too \(Briqpay had a problem answering \(HTTP 503\)\)/,
		);
		expect(posts()).toHaveLength(1);
		expect(t.requests().map((r) => r.status)).toEqual([200, null, 503, 503, 503, 503]);
		expect(t.fake.getSession(seeded.sessionId).data.captures).toHaveLength(1); // it did happen
	});

	test('refund: connection dropped after Briqpay refunded → reported as done, with the real refundId', async () => {
		const seeded = t.fake.seedSession({ orderStatus: 'captured_full' });
		const captureId = seeded.data.captures[0].captureId;
		t.fake.failNext({ method: 'POST', path: /\/order\/refund$/, mode: 'dropAfterWork' });
		const run = await t.briqpay(
			refund(seeded.sessionId, { refundBy: 'amount', refundAmount: 5000, refundTaxRate: 2500 }),
		);

		expect(run.error).toBeUndefined();
		expect(calls()).toEqual([
			`GET ${sessionPath(seeded.sessionId)}`,
			`POST ${refundPath(seeded.sessionId)}`,
			`GET ${sessionPath(seeded.sessionId)}`,
		]);
		expect(posts()).toHaveLength(1);
		const state = t.fake.getSession(seeded.sessionId);
		expect(state.data.refunds).toHaveLength(1);
		expect(run.items).toEqual([
			{
				json: expect.objectContaining({
					sessionId: seeded.sessionId,
					captureId,
					refundId: state.data.refunds[0].refundId,
					amountIncVat: 5000,
					status: 'refunded',
					reconciled: true,
				}),
				pairedItem: { item: 0 },
			},
		]);
	});

	test('refund: connection dropped before Briqpay acted → the outcome is unknown, sent once', async () => {
		const seeded = t.fake.seedSession({ orderStatus: 'captured_full' });
		const captureId = seeded.data.captures[0].captureId;
		t.fake.failNext({ method: 'POST', path: /\/order\/refund$/, mode: 'dropBeforeWork' });
		const run = await t.briqpay(
			refund(seeded.sessionId, { refundBy: 'amount', refundAmount: 5000, refundTaxRate: 2500 }),
		);
		expect(run.error.message).toBe('The outcome of the refund is unknown');
		expect(run.error.description).toContain(
			`look for a refund of 5000 SEK (minor units) on capture ${captureId}`,
		);
		expect(posts()).toHaveLength(1);
		expect(t.fake.getSession(seeded.sessionId).data.refunds).toEqual([]);
	});

	test('cancel: connection dropped after Briqpay cancelled → reported as done', async () => {
		const seeded = t.fake.seedSession({ status: 'completed' });
		t.fake.failNext({ method: 'POST', path: /\/order\/cancel$/, mode: 'dropAfterWork' });
		const run = await t.briqpay(cancel(seeded.sessionId));
		expect(run.error).toBeUndefined();
		expect(calls()).toEqual([
			`GET ${sessionPath(seeded.sessionId)}`,
			`POST ${cancelPath(seeded.sessionId)}`,
			`GET ${sessionPath(seeded.sessionId)}`,
		]);
		expect(posts()).toHaveLength(1);
		expect(t.fake.getSession(seeded.sessionId).moduleStatus.payment.orderStatus).toBe(
			'order_cancelled',
		);
		expect(run.items).toEqual([
			{
				json: {
					sessionId: seeded.sessionId,
					orderStatus: 'order_cancelled',
					reconciled: true,
					success: true,
					message: 'Order cancelled: the reserved amount is released.',
				},
				pairedItem: { item: 0 },
			},
		]);
	});

	test('cancel: a 503 answer (Briqpay did nothing) → the outcome is unknown, sent once; Continue On Fail makes it an error item', async () => {
		const seeded = t.fake.seedSession({ status: 'completed' });
		t.fake.failNext({
			method: 'POST',
			path: /\/order\/cancel$/,
			status: 503,
			headers: { 'Retry-After': '0' },
			times: 5,
		});
		const run = await t.briqpay(cancel(seeded.sessionId), { continueOnFail: true });
		expect(run.status).toBe('success');
		expect(posts()).toHaveLength(1);
		expect(calls()).toEqual([
			`GET ${sessionPath(seeded.sessionId)}`,
			`POST ${cancelPath(seeded.sessionId)}`,
			`GET ${sessionPath(seeded.sessionId)}`,
		]);
		expect(run.items).toEqual([
			{
				json: {
					error: 'The outcome of the cancellation is unknown',
					description: expect.stringMatching(
						/HTTP 503.*It was not sent again, because it may have moved money\. Open session .* and check whether the order is cancelled\./,
					),
				},
				pairedItem: { item: 0 },
			},
		]);
		expect(t.fake.getSession(seeded.sessionId).moduleStatus.payment.orderStatus).toBe(
			'order_approved_not_captured',
		);
	});
});

describe('several items in one run', () => {
	test('each item is checked on its own; a refused one becomes an error item with Continue On Fail, the others go on', async () => {
		const a = t.fake.seedSession({ status: 'completed' });
		const pending = t.fake.seedSession({ orderStatus: 'order_pending' });
		const c = t.fake.seedSession({ status: 'completed' });
		// Concurrency 1: strictly one item after the other, so the request order is exact.
		const run = await t.briqpay(
			{ ...capture('={{ $json.id }}'), processing: { concurrency: 1 } },
			{
				items: [
					{ json: { id: a.sessionId } },
					{ json: { id: pending.sessionId } },
					{ json: { id: c.sessionId } },
				],
				continueOnFail: true,
			},
		);
		expect(run.status).toBe('success');
		expect(calls()).toEqual([
			`GET ${sessionPath(a.sessionId)}`,
			`POST ${capturePath(a.sessionId)}`,
			`GET ${sessionPath(pending.sessionId)}`,
			`GET ${sessionPath(c.sessionId)}`,
			`POST ${capturePath(c.sessionId)}`,
		]);
		expect(run.items.map((i) => i.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
		expect(run.items[0].json.captureId).toBe(
			t.fake.getSession(a.sessionId).data.captures[0].captureId,
		);
		expect(run.items[1].json).toEqual({
			error: "This order can't be captured: its status is order_pending",
			description: expect.stringMatching(/not approved/),
		});
		expect(run.items[2].json.captureId).toBe(
			t.fake.getSession(c.sessionId).data.captures[0].captureId,
		);
		expect(t.fake.getSession(pending.sessionId).data.captures).toEqual([]);
	});
});
