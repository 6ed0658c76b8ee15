'use strict';

/**
 * Hosted Page → Create through the real engine against the fake Briqpay: what Briqpay received,
 * what the node emitted and which hosted pages Briqpay holds.
 */
const { setup, BASIC, UUID } = require('./helpers');

const t = setup();
const { calls, posts } = t;

const sessionPath = (id) => `/v3/session/${id}`;

describe('Hosted Page → Create', () => {
	test('POST /v3/hosted-page; url, hostedPageId and sessionId at the top level of the item', async () => {
		const seeded = t.fake.seedSession({});
		const run = await t.briqpay({
			resource: 'hostedPage',
			operation: 'create',
			sessionId: seeded.sessionId,
			pageOptions: { pageTitle: ' Pay your order ORDER-1001 ', showCart: false, logoUrl: '' },
		});
		expect(run.error).toBeUndefined();
		expect(calls()).toEqual([`GET ${sessionPath(seeded.sessionId)}`, 'POST /v3/hosted-page']);
		const [read, request] = t.requests();
		expect(read.headers.authorization).toBe(BASIC);
		expect(request.headers.authorization).toBe(BASIC);
		expect(request.status).toBe(201);
		expect(request.body).toEqual({
			sessionId: seeded.sessionId,
			config: { pageTitle: 'Pay your order ORDER-1001', showCart: false },
		});

		const { hostedPageId, url } = request.responseBody;
		expect(hostedPageId).toMatch(UUID);
		expect(t.fake.state.hostedPages.get(hostedPageId)).toMatchObject({
			sessionId: seeded.sessionId,
			url: `${t.fake.baseUrl}/hosted/${hostedPageId}`,
			config: { pageTitle: 'Pay your order ORDER-1001', showCart: false },
		});
		expect(run.items).toEqual([
			{ json: { sessionId: seeded.sessionId, hostedPageId, url }, pairedItem: { item: 0 } },
		]);
	});

	test('without options only the session id is sent; a completed session is refused before anything is created', async () => {
		const open = t.fake.seedSession({});
		const done = t.fake.seedSession({ status: 'completed' });
		const run = await t.briqpay(
			{ resource: 'hostedPage', operation: 'create', sessionId: '={{ $json.id }}' },
			{
				items: [{ json: { id: open.sessionId } }, { json: { id: done.sessionId } }],
				continueOnFail: true,
			},
		);
		expect(calls().sort()).toEqual(
			[
				`GET ${sessionPath(done.sessionId)}`,
				`GET ${sessionPath(open.sessionId)}`,
				'POST /v3/hosted-page',
			].sort(),
		);
		expect(posts().map((r) => r.body)).toEqual([{ sessionId: open.sessionId }]);
		expect(run.items).toEqual([
			{
				json: {
					sessionId: open.sessionId,
					hostedPageId: expect.stringMatching(UUID),
					url: expect.stringContaining('/hosted/'),
				},
				pairedItem: { item: 0 },
			},
			{
				json: expect.objectContaining({
					error: `No payment link created: session ${done.sessionId} is already completed (the customer has finished it)`,
				}),
				pairedItem: { item: 1 },
			},
		]);
		expect(
			[...t.fake.state.hostedPages.values()].filter((p) => p.sessionId === done.sessionId),
		).toEqual([]);
	});

	test('a session whose order is cancelled is refused: one read, nothing created', async () => {
		const cancelled = t.fake.seedSession({ orderStatus: 'order_cancelled' });
		const run = await t.briqpay({
			resource: 'hostedPage',
			operation: 'create',
			sessionId: cancelled.sessionId,
		});
		expect(run.error.message).toBe(
			`No payment link created: session ${cancelled.sessionId} has a cancelled order`,
		);
		expect(run.error.description).toMatch(/Used For: Payment Link/);
		expect(calls()).toEqual([`GET ${sessionPath(cancelled.sessionId)}`]);
		expect(
			[...t.fake.state.hostedPages.values()].filter((p) => p.sessionId === cancelled.sessionId),
		).toEqual([]);
	});

	test('[plugin] a payment-methods-only session without billing details is refused, naming what to add; with them the link is made', async () => {
		// A session made elsewhere with only the payment module loaded, and no prefilled billing.
		const bare = t.fake.state.createSession(
			{
				product: { type: 'payment', intent: 'payment_one_time' },
				customerType: 'business',
				country: 'SE',
				locale: 'sv-se',
				urls: {
					redirect: 'https://shop.example.com/thanks',
					terms: 'https://shop.example.com/terms',
				},
				modules: { loadModules: ['payment'] },
				data: { billing: { email: 'anna@acme.example', city: 'Stockholm' } },
			},
			undefined,
		).session;
		const pagesBefore = t.fake.state.hostedPages.size;
		const run = await t.briqpay({
			resource: 'hostedPage',
			operation: 'create',
			sessionId: bare.sessionId,
		});
		expect(run.error.name).toBe('NodeOperationError');
		expect(run.error.message).toBe(
			'No payment link created: the page would show payment methods only, and the session lacks Billing Address → Street Address, Billing Address → ZIP Code, Billing Address → Country, Company → Name',
		);
		expect(run.error.description).toMatch(/with Session → Update/);
		expect(calls()).toEqual([`GET ${sessionPath(bare.sessionId)}`]);
		expect(t.fake.state.hostedPages.size).toBe(pagesBefore);

		// Session → Update adds them; now the link is created.
		t.fake.clearRequests();
		const update = await t.briqpay({
			resource: 'session',
			operation: 'update',
			sessionId: bare.sessionId,
			billing: {
				streetAddress: 'Drottninggatan 1',
				zip: '111 51',
				country: 'SE',
				city: 'Stockholm',
				email: 'anna@acme.example',
			},
			company: { name: 'Acme AB' },
		});
		expect(update.error).toBeUndefined();
		const retry = await t.briqpay({
			resource: 'hostedPage',
			operation: 'create',
			sessionId: bare.sessionId,
		});
		expect(retry.error).toBeUndefined();
		expect(retry.items[0].json.url).toContain('/hosted/');
		expect(posts().filter((r) => r.path === '/v3/hosted-page')).toHaveLength(1);
	});
});
