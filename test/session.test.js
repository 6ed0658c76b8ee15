'use strict';

const { setup, cartLines, coffee, BASIC } = require('./helpers');

const t = setup();
const { calls } = t;

const createParams = (extra = {}) => ({
	resource: 'session',
	operation: 'create',
	intent: 'payment_one_time',
	customerType: 'business',
	country: 'SE',
	locale: 'sv-se',
	redirectUrl: 'https://shop.example.com/thank-you',
	termsUrl: 'https://shop.example.com/terms',
	orderInput: 'lines',
	currency: 'SEK',
	cartLines: cartLines(coffee),
	...extra,
});

describe('Session → Create', () => {
	test('sends the session Briqpay expects, with totals computed per line, and emits the session', async () => {
		const run = await t.briqpay(
			createParams({
				cartLines: cartLines(
					coffee,
					{
						productType: 'discount',
						name: 'Welcome offer',
						reference: 'DISC',
						quantity: 1,
						quantityUnit: 'pcs',
						unitPrice: -5000,
						taxRate: 1200,
						discountPercentage: 0,
					},
					{
						productType: 'physical',
						name: 'Mug',
						reference: 'MUG',
						quantity: 3,
						quantityUnit: 'pcs',
						unitPrice: 999,
						taxRate: 2500,
						discountPercentage: 3333,
					},
				),
				references: {
					reference: [
						{ key: 'reference1', value: 'ORDER-1001' },
						{ key: 'customerId', value: 'C-42' },
					],
				},
				hooks: {
					hook: [
						{
							url: 'https://n8n.example.com/webhook/abc/webhook',
							eventType: 'order_status',
							statuses: ['all'],
							method: 'POST',
						},
						{
							url: 'https://n8n.example.com/webhook/abc/webhook',
							eventType: 'session_status',
							statuses: ['completed'],
							method: 'GET',
						},
					],
				},
				company: { cin: '5560000000', name: 'Acme AB' },
				billing: { email: 'buyer@acme.example', city: 'Stockholm', zip: '' },
			}),
		);

		expect(run.error).toBeUndefined();
		const requests = t.requests();
		expect(requests).toHaveLength(1);
		const [request] = requests;
		expect(request.method).toBe('POST');
		expect(request.path).toBe('/v3/session');
		expect(request.headers.authorization).toBe(BASIC);
		expect(request.headers['content-type']).toMatch(/application\/json/);
		expect(request.body).toEqual({
			product: { type: 'payment', intent: 'payment_one_time' },
			customerType: 'business',
			country: 'SE',
			locale: 'sv-se',
			urls: {
				redirect: 'https://shop.example.com/thank-you',
				terms: 'https://shop.example.com/terms',
			},
			references: { reference1: 'ORDER-1001', customerId: 'C-42' },
			hooks: [
				{
					eventType: 'order_status',
					statuses: [
						'order_pending',
						'order_rejected',
						'order_cancelled',
						'order_approved_not_captured',
					],
					method: 'POST',
					url: 'https://n8n.example.com/webhook/abc/webhook',
				},
				{
					eventType: 'session_status',
					statuses: ['completed'],
					method: 'GET',
					url: 'https://n8n.example.com/webhook/abc/webhook',
				},
			],
			// [plugin] real-time webhooks whenever webhooks are given (Options → Real-Time Webhooks)
			config: { realTimeProcessing: true },
			data: {
				order: {
					currency: 'SEK',
					// 25000 − 5000 + round(2997 × 0.6667) = 21998; VAT 3000 − 600 + 500
					amountExVat: 21998,
					amountIncVat: 24898,
					cart: [
						{
							productType: 'physical',
							name: 'Coffee beans 1 kg',
							reference: 'SKU-1',
							quantity: 2,
							quantityUnit: 'pcs',
							unitPrice: 12500,
							taxRate: 1200,
						},
						{
							productType: 'discount',
							name: 'Welcome offer',
							reference: 'DISC',
							quantity: 1,
							quantityUnit: 'pcs',
							unitPrice: -5000,
							taxRate: 1200,
						},
						{
							productType: 'physical',
							name: 'Mug',
							reference: 'MUG',
							quantity: 3,
							quantityUnit: 'pcs',
							unitPrice: 999,
							taxRate: 2500,
							discountPercentage: 3333,
						},
					],
				},
				billing: { email: 'buyer@acme.example', city: 'Stockholm' },
				company: { cin: '5560000000', name: 'Acme AB' },
			},
		});

		expect(run.items).toHaveLength(1);
		const session = run.items[0].json;
		expect(session.sessionId).toMatch(/^[0-9a-f-]{36}$/);
		expect(session.status).toBe('started');
		expect(session.data.order.amountIncVat).toBe(24898);
		expect(run.items[0].pairedItem).toEqual({ item: 0 });
		expect(t.fake.getSession(session.sessionId).references).toEqual({
			reference1: 'ORDER-1001',
			customerId: 'C-42',
		});
	});

	test('takes a whole order as JSON from the previous node, one session per item', async () => {
		const orders = [
			{ currency: 'EUR', cart: [{ ...coffee, discountPercentage: undefined }] },
			{
				currency: 'USD',
				cart: [
					{ ...coffee, taxRate: 0 },
					{ productType: 'sales_tax', name: 'Sales tax', totalTaxAmount: 2063 },
				],
			},
		];
		const run = await t.briqpay(
			createParams({
				orderInput: 'json',
				orderJson: '={{ $json.order }}',
				country: '={{ $json.country }}',
			}),
			{
				items: [
					{ json: { order: orders[0], country: 'FI' } },
					{ json: { order: orders[1], country: 'US' } },
				],
			},
		);
		expect(run.error).toBeUndefined();
		const bodies = t.requests().map((r) => r.body);
		expect(bodies.map((b) => b.country)).toEqual(['FI', 'US']);
		expect(bodies[0].data.order).toMatchObject({
			currency: 'EUR',
			amountExVat: 25000,
			amountIncVat: 28000,
		});
		expect(bodies[1].data.order).toMatchObject({
			currency: 'USD',
			amountExVat: 25000,
			amountIncVat: 27063,
		});
		expect(run.items.map((i) => i.pairedItem)).toEqual([{ item: 0 }, { item: 1 }]);
	});

	test('signup sessions send no terms URL and product type signup', async () => {
		const run = await t.briqpay(
			createParams({
				intent: 'signup',
				orderInput: 'none',
				customerType: 'consumer',
				consumer: { name: 'Anna Svensson' },
			}),
		);
		expect(run.error).toBeUndefined();
		expect(t.requests()[0].body).toEqual({
			product: { type: 'signup', intent: 'signup' },
			customerType: 'consumer',
			country: 'SE',
			locale: 'sv-se',
			urls: { redirect: 'https://shop.example.com/thank-you' },
			data: { consumer: { name: 'Anna Svensson' } },
		});
	});

	test('Return Fields "none" yields an item that says what happened', async () => {
		const run = await t.briqpay(createParams({ options: { fields: 'none' } }));
		expect(t.requests()[0].query).toEqual({ fields: 'none' });
		expect(t.requests()[0].status).toBe(204);
		expect(run.items[0].json).toEqual({
			intent: 'payment_one_time',
			success: true,
			message: 'Session created. Briqpay returned no data because Return Fields is "none".',
		});
	});

	describe('bad input is refused before anything is sent', () => {
		test.each([
			[
				'totals that do not match the lines',
				{ orderOptions: { amountIncVat: 28001 } },
				/amountIncVat is 28001, but the cart lines add up to 28000/,
			],
			['an empty cart', { cartLines: {} }, /cart is empty/i],
			[
				'a non-integer price',
				{ cartLines: cartLines({ ...coffee, unitPrice: 125.5 }) },
				/Cart line 1\.unitPrice must be a whole number in minor units/,
			],
			[
				'a positive discount line',
				{ cartLines: cartLines(coffee, { ...coffee, productType: 'discount', unitPrice: 100 }) },
				/Cart line 2 is a discount line/,
			],
			[
				'a taxed line next to US sales tax',
				{ orderOptions: { salesTaxAmount: 500 } },
				/every other line must have taxRate 0/,
			],
			[
				'11 webhooks',
				{
					hooks: {
						hook: Array.from({ length: 11 }, () => ({
							url: 'https://x.example/h',
							eventType: 'order_status',
							statuses: ['all'],
							method: 'POST',
						})),
					},
				},
				/at most 10 webhooks/,
			],
			[
				'a status the event does not have',
				{
					hooks: {
						hook: [
							{
								url: 'https://x.example/h',
								eventType: 'session_status',
								statuses: ['approved'],
								method: 'POST',
							},
						],
					},
				},
				/session_status has no status approved/,
			],
			[
				'a webhook URL that is not http(s)',
				{
					hooks: {
						hook: [
							{ url: 'ftp://x', eventType: 'order_status', statuses: ['all'], method: 'POST' },
						],
					},
				},
				/not an http\(s\) address/,
			],
			['a missing terms URL', { termsUrl: '' }, /Terms URL "" is not an http\(s\) address/],
			['a three-letter country', { country: 'SWE' }, /not a two-letter country code/],
			[
				'company data on a consumer session',
				{ customerType: 'consumer', company: { name: 'Acme' } },
				/Company data can only be sent for business customers/,
			],
			[
				'a reference longer than 512 characters',
				{ references: { reference: [{ key: 'reference1', value: 'x'.repeat(513) }] } },
				/513 characters long; Briqpay allows 512/,
			],
			[
				'Order JSON that is not JSON',
				{ orderInput: 'json', orderJson: '{"currency": "SEK",' },
				/Order JSON is not valid JSON/,
			],
		])('%s', async (_label, extra, message) => {
			const run = await t.briqpay(createParams(extra));
			expect(run.status).toBe('error');
			expect(run.error.name).toBe('NodeOperationError');
			expect(run.error.message).toMatch(message);
			expect(t.requests()).toHaveLength(0);
		});
	});
});

describe('Session → Get', () => {
	test('reads the session and can simplify it', async () => {
		const seeded = t.fake.seedSession({
			status: 'completed',
			references: { reference1: 'ORDER-7' },
		});
		const raw = await t.briqpay({
			resource: 'session',
			operation: 'get',
			sessionId: seeded.sessionId,
		});
		expect(t.requests()[0]).toMatchObject({
			method: 'GET',
			path: `/v3/session/${seeded.sessionId}`,
			query: {},
		});
		expect(t.requests()[0].headers.authorization).toBe(BASIC);
		expect(raw.items[0].json).toEqual(t.fake.getSession(seeded.sessionId));

		const simple = await t.briqpay({
			resource: 'session',
			operation: 'get',
			sessionId: seeded.sessionId,
			simplify: true,
		});
		const json = simple.items[0].json;
		expect(json).toMatchObject({
			sessionId: seeded.sessionId,
			status: 'completed',
			orderStatus: 'order_approved_not_captured',
			references: { reference1: 'ORDER-7' },
			amountIncVat: seeded.data.order.amountIncVat,
			currency: seeded.data.order.currency,
		});
		expect(json.htmlSnippet).toBeUndefined();
		expect(json.moduleStatus).toBeUndefined();
		// alert-ready, like the trigger's items (no back-office link behind a Custom URL)
		expect(json).toMatchObject({
			orderReference: 'ORDER-7',
			amount: `${(seeded.data.order.amountIncVat / 100).toFixed(2)} ${seeded.data.order.currency}`,
			statusLabel: 'Order approved, not captured',
			paymentMethod: seeded.data.transactions[0].pspDisplayName,
		});
		expect(json.backOfficeUrl).toBeUndefined();
		expect(json.clientToken).toBeUndefined();
	});

	test('passes Return Fields to Briqpay', async () => {
		const seeded = t.fake.seedSession({});
		const run = await t.briqpay({
			resource: 'session',
			operation: 'get',
			sessionId: seeded.sessionId,
			options: { fields: 'status, references' },
		});
		expect(t.requests()[0].query).toEqual({ fields: 'status,references' });
		expect(Object.keys(run.items[0].json).sort()).toEqual(['references', 'status']);
	});

	test('an unknown session is reported as not found in this environment', async () => {
		const run = await t.briqpay({
			resource: 'session',
			operation: 'get',
			sessionId: '4a0f4c2e-8a53-4b8e-9a55-0c7b1a2b3c4d',
		});
		expect(run.error.name).toBe('NodeApiError');
		expect(run.error.message).toBe(
			'Briqpay has no session 4a0f4c2e-8a53-4b8e-9a55-0c7b1a2b3c4d in the Custom URL environment',
		);
		expect(run.error.description).toMatch(/IDs from Playground do not exist in Production/);
		expect(t.requests()).toHaveLength(1); // a 404 is an answer, not a reason to retry
	});

	test.each([
		['../token/x'],
		['not-an-id'],
		['={{ "" }}'],
		['4a0f4c2e-8a53-4b8e-9a55-0c7b1a2b3c4d/../x'],
	])('refuses the id %j without a request', async (sessionId) => {
		const run = await t.briqpay({ resource: 'session', operation: 'get', sessionId });
		expect(run.error.name).toBe('NodeOperationError');
		expect(run.error.message).toMatch(/Session ID/);
		expect(t.requests()).toHaveLength(0);
	});
});

describe('Session → Update', () => {
	test('patches only what changes', async () => {
		const seeded = t.fake.seedSession({});
		const run = await t.briqpay({
			resource: 'session',
			operation: 'update',
			sessionId: seeded.sessionId,
			orderInput: 'lines',
			currency: 'SEK',
			cartLines: cartLines({ ...coffee, quantity: 3 }),
			shipping: { city: 'Göteborg', zip: '411 01' },
			simplify: true,
		});
		expect(run.error).toBeUndefined();
		const [request] = t.requests();
		expect(request.method).toBe('PATCH');
		expect(request.path).toBe(`/v3/session/${seeded.sessionId}`);
		expect(request.body).toEqual({
			data: {
				order: {
					currency: 'SEK',
					amountExVat: 37500,
					amountIncVat: 42000,
					cart: [
						{
							productType: 'physical',
							name: 'Coffee beans 1 kg',
							reference: 'SKU-1',
							quantity: 3,
							quantityUnit: 'pcs',
							unitPrice: 12500,
							taxRate: 1200,
						},
					],
				},
				shipping: { city: 'Göteborg', zip: '411 01' },
			},
		});
		expect(run.items[0].json).toMatchObject({ sessionId: seeded.sessionId, amountIncVat: 42000 });
	});

	test('a completed session cannot be updated, and the user is told why', async () => {
		const seeded = t.fake.seedSession({ status: 'completed' });
		const run = await t.briqpay({
			resource: 'session',
			operation: 'update',
			sessionId: seeded.sessionId,
			billing: { city: 'Malmö' },
		});
		expect(run.error.name).toBe('NodeApiError');
		expect(run.error.message).toBe(
			'Briqpay does not allow this change any more (UPDATE_NOT_ALLOWED)',
		);
		expect(run.error.description).toMatch(/completed session can no longer be updated/);
		expect(t.requests()).toHaveLength(1); // a 400 is never retried
	});

	test('an update with nothing to send is refused', async () => {
		const seeded = t.fake.seedSession({});
		const run = await t.briqpay({
			resource: 'session',
			operation: 'update',
			sessionId: seeded.sessionId,
		});
		expect(run.error.message).toBe('Nothing to update');
		expect(t.requests()).toHaveLength(0);
	});
});

const HOOK = {
	hook: [
		{
			url: 'https://n8n.example.com/webhook/abc/webhook',
			eventType: 'order_status',
			statuses: ['all'],
			method: 'POST',
		},
	],
};
const FULL_BILLING = {
	streetAddress: 'Drottninggatan 1',
	zip: '111 51',
	city: 'Stockholm',
	country: 'SE',
	email: 'anna@acme.example',
};

describe('Session → Create: real-time webhooks [plugin]', () => {
	test('webhooks given: config.realTimeProcessing is sent and the fake stores it; switched off: no config', async () => {
		const run = await t.briqpay(createParams({ hooks: HOOK }));
		expect(run.error).toBeUndefined();
		const off = await t.briqpay(
			createParams({ hooks: HOOK, options: { realTimeWebhooks: false } }),
		);
		expect(off.error).toBeUndefined();
		const [on, plain] = t.requests();
		expect(on.body.config).toEqual({ realTimeProcessing: true });
		expect(on.status).toBe(201);
		expect(t.fake.state.metaOf({ sessionId: run.items[0].json.sessionId }).config).toEqual({
			realTimeProcessing: true,
		});
		expect(plain.body).not.toHaveProperty('config');
		expect(plain.body.hooks).toHaveLength(1);
	});

	test('no webhooks: nothing about real-time is sent', async () => {
		const run = await t.briqpay(createParams());
		expect(run.error).toBeUndefined();
		expect(t.requests()[0].body).not.toHaveProperty('config');
	});
});

describe('Session → Create: Used For Payment Link [plugin]', () => {
	test('full checkout: the decision step is sent switched off, no module list; Decision Step on sends it on', async () => {
		const run = await t.briqpay(createParams({ usedFor: 'paymentLink' }));
		expect(run.error).toBeUndefined();
		const withDecision = await t.briqpay(
			createParams({ usedFor: 'paymentLink', decisionStep: true }),
		);
		expect(withDecision.error).toBeUndefined();
		const [off, on] = t.requests();
		expect(off.body.modules).toEqual({ config: { payment: { decision: { enabled: false } } } });
		expect(on.body.modules).toEqual({ config: { payment: { decision: { enabled: true } } } });
		expect(t.fake.state.metaOf({ sessionId: run.items[0].json.sessionId }).modules).toEqual(
			off.body.modules,
		);
	});

	test('embedded checkout (the default) sends no modules at all', async () => {
		await t.briqpay(createParams());
		expect(t.requests()[0].body).not.toHaveProperty('modules');
	});

	test('payment methods only without the billing details the page needs: refused, nothing sent, the message lists what to add', async () => {
		const run = await t.briqpay(
			createParams({
				usedFor: 'paymentLink',
				pageContent: 'paymentOnly',
				customerType: 'consumer',
				billing: { email: 'anna@example.com', city: 'Stockholm' },
			}),
		);
		expect(run.error.name).toBe('NodeOperationError');
		expect(run.error.message).toBe(
			'A payment link that shows payment methods only needs Billing Address → Street Address, Billing Address → ZIP Code, Billing Address → Country',
		);
		expect(run.error.description).toMatch(/set Page Content to Full Checkout/);
		expect(t.requests()).toHaveLength(0);
	});

	test('a business needs the company name too', async () => {
		const run = await t.briqpay(
			createParams({ usedFor: 'paymentLink', pageContent: 'paymentOnly', billing: FULL_BILLING }),
		);
		expect(run.error.message).toBe(
			'A payment link that shows payment methods only needs Company → Name',
		);
		expect(t.requests()).toHaveLength(0);
	});

	test('payment methods only with the details: loadModules [payment], decision off; the payment link is then created', async () => {
		const run = await t.briqpay(
			createParams({
				usedFor: 'paymentLink',
				pageContent: 'paymentOnly',
				billing: FULL_BILLING,
				company: { name: 'Acme AB' },
			}),
		);
		expect(run.error).toBeUndefined();
		expect(t.requests()[0].body.modules).toEqual({
			loadModules: ['payment'],
			config: { payment: { decision: { enabled: false } } },
		});
		const { sessionId } = run.items[0].json;
		expect(Object.keys(t.fake.getSession(sessionId).moduleStatus)).toEqual(['payment']);

		const link = await t.briqpay({ resource: 'hostedPage', operation: 'create', sessionId });
		expect(link.error).toBeUndefined();
		expect(link.items[0].json.url).toContain('/hosted/');
	});
});

describe('Session → Set References', () => {
	const setRefs = (sessionId) => ({
		resource: 'session',
		operation: 'setReferences',
		sessionId,
		references: { reference: [{ key: 'reference1', value: 'ORDER-9' }] },
	});

	test('PATCH …/metadata on an open session; 204 becomes an item', async () => {
		const seeded = t.fake.seedSession({ references: { reference1: 'OLD', other: 'x' } });
		const run = await t.briqpay(setRefs(seeded.sessionId));
		expect(run.error).toBeUndefined();
		expect(calls()).toEqual([`PATCH /v3/session/${seeded.sessionId}/metadata`]);
		const [request] = t.requests();
		expect(request.headers.authorization).toBe(BASIC);
		expect(request.body).toEqual({ references: { reference1: 'ORDER-9' } });
		expect(request.status).toBe(204);
		expect(t.fake.getSession(seeded.sessionId).references).toEqual({
			reference1: 'ORDER-9',
			other: 'x',
		});
		expect(run.items).toEqual([
			{
				json: {
					sessionId: seeded.sessionId,
					references: { reference1: 'ORDER-9' },
					success: true,
					message: 'References of the session set.',
				},
				pairedItem: { item: 0 },
			},
		]);
	});

	test('a completed session: UPDATE_NOT_ALLOWED, with the hint to use the order operations', async () => {
		const seeded = t.fake.seedSession({ status: 'completed', references: { reference1: 'OLD' } });
		const run = await t.briqpay(setRefs(seeded.sessionId));
		expect(run.error.name).toBe('NodeApiError');
		expect(run.error.message).toBe(
			'Briqpay does not allow this change any more (UPDATE_NOT_ALLOWED)',
		);
		expect(run.error.description).toMatch(/use the order operations/);
		expect(calls()).toEqual([`PATCH /v3/session/${seeded.sessionId}/metadata`]);
		expect(t.fake.getSession(seeded.sessionId).references).toEqual({ reference1: 'OLD' });
	});
});

describe('Session → Decide', () => {
	const decide = (sessionId, extra) => ({
		resource: 'session',
		operation: 'decide',
		sessionId,
		...extra,
	});
	const decisionPath = (id) => `/v3/session/${id}/decision`;

	test('allow: POST …/decision {decision: allow}; the purchase goes through', async () => {
		const seeded = t.fake.seedSession({ decisionPending: true });
		const run = await t.briqpay(decide(seeded.sessionId, { decision: 'allow' }));
		expect(run.error).toBeUndefined();
		expect(calls()).toEqual([`POST ${decisionPath(seeded.sessionId)}`]);
		const [request] = t.requests();
		expect(request.headers.authorization).toBe(BASIC);
		expect(request.body).toEqual({ decision: 'allow' });
		expect(request.status).toBe(204);
		expect(t.fake.getSessionMeta(seeded.sessionId)).toMatchObject({
			decisionPending: false,
			decision: { decision: 'allow' },
		});
		expect(t.fake.getSession(seeded.sessionId).status).toBe('completed');
		expect(run.items).toEqual([
			{
				json: {
					sessionId: seeded.sessionId,
					decision: 'allow',
					success: true,
					message: 'Purchase allowed.',
				},
				pairedItem: { item: 0 },
			},
		]);
	});

	test('reject and notify the user: messages are sent as softErrors, empty ones dropped', async () => {
		const seeded = t.fake.seedSession({ decisionPending: true });
		const run = await t.briqpay(
			decide(seeded.sessionId, {
				decision: 'reject',
				rejectionType: 'notify_user',
				softErrors: {
					message: [
						{ text: 'We cannot deliver to this address' },
						{ text: '  ' },
						{ text: 'Try another payment method ' },
					],
				},
			}),
		);
		expect(run.error).toBeUndefined();
		expect(calls()).toEqual([`POST ${decisionPath(seeded.sessionId)}`]);
		const body = {
			decision: 'reject',
			rejectionType: 'notify_user',
			softErrors: [
				{ message: 'We cannot deliver to this address' },
				{ message: 'Try another payment method' },
			],
		};
		expect(t.requests()[0].body).toEqual(body);
		expect(t.fake.getSessionMeta(seeded.sessionId).decision).toMatchObject(body);
		expect(t.fake.getSession(seeded.sessionId).moduleStatus.payment.orderStatus).toBe(
			'order_rejected',
		);
		expect(run.items).toEqual([
			{
				json: {
					sessionId: seeded.sessionId,
					decision: 'reject',
					success: true,
					message: 'Purchase rejected.',
				},
				pairedItem: { item: 0 },
			},
		]);
	});

	test('reject the session with an error message: hardError', async () => {
		const seeded = t.fake.seedSession({ decisionPending: true });
		const run = await t.briqpay(
			decide(seeded.sessionId, {
				decision: 'reject',
				rejectionType: 'reject_session_with_error',
				hardError: ' We cannot accept this order ',
			}),
		);
		expect(run.error).toBeUndefined();
		expect(calls()).toEqual([`POST ${decisionPath(seeded.sessionId)}`]);
		expect(t.requests()[0].body).toEqual({
			decision: 'reject',
			rejectionType: 'reject_session_with_error',
			hardError: { message: 'We cannot accept this order' },
		});
		expect(t.fake.getSessionMeta(seeded.sessionId).decision).toMatchObject({
			hardError: { message: 'We cannot accept this order' },
		});
		expect(run.items).toEqual([
			{
				json: {
					sessionId: seeded.sessionId,
					decision: 'reject',
					success: true,
					message: 'Purchase rejected.',
				},
				pairedItem: { item: 0 },
			},
		]);
	});

	test('reject_session_with_error without a message is refused before sending', async () => {
		const seeded = t.fake.seedSession({ decisionPending: true });
		const run = await t.briqpay(
			decide(seeded.sessionId, {
				decision: 'reject',
				rejectionType: 'reject_session_with_error',
				hardError: '   ',
			}),
		);
		expect(run.error.name).toBe('NodeOperationError');
		expect(run.error.message).toBe('Error Message is empty');
		expect(run.error.description).toMatch(/Tell the customer why the session ends/);
		expect(calls()).toEqual([]);
		expect(t.fake.getSessionMeta(seeded.sessionId).decisionPending).toBe(true);
	});

	test("no decision pending: Briqpay's refusal is passed on, sent once", async () => {
		const seeded = t.fake.seedSession({});
		const run = await t.briqpay(decide(seeded.sessionId, { decision: 'allow' }));
		expect(run.error.name).toBe('NodeApiError');
		expect(run.error.message).toBe(
			'Briqpay refused the request (INVALID_DATA): There is no decision pending for this session',
		);
		expect(run.error.httpCode).toBe('400');
		expect(calls()).toEqual([`POST ${decisionPath(seeded.sessionId)}`]);
		expect(t.fake.getSession(seeded.sessionId).status).toBe('started');
	});
});
