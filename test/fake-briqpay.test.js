'use strict';

/**
 * Self-tests of the fake Briqpay server (test/fake-briqpay). Real HTTP against the started server.
 * Run: npx jest test/fake-briqpay.test.js
 */

const http = require('node:http');
const crypto = require('node:crypto');
const { spawn } = require('node:child_process');
const path = require('node:path');
const { FakeBriqpay, computeTotals, roundHalfAwayFromZero } = require('./fake-briqpay');

const USER = 'test-user';
const SECRET = 'test-secret-s3cr3t';
const basic = (u, s) => `Basic ${Buffer.from(`${u}:${s}`).toString('base64')}`;
const AUTH = basic(USER, SECRET);

let fake;

/** fetch helper: returns {status, headers, body (parsed JSON or text or undefined)} */
async function api(method, p, body, { auth = AUTH, headers = {}, raw } = {}) {
	const h = { ...headers };
	if (auth) h.authorization = auth;
	let payload;
	if (raw !== undefined) payload = raw;
	else if (body !== undefined) {
		payload = JSON.stringify(body);
		h['content-type'] ??= 'application/json';
	}
	const res = await fetch(fake.baseUrl + p, { method, headers: h, body: payload });
	const text = await res.text();
	let parsed;
	try {
		parsed = text ? JSON.parse(text) : undefined;
	} catch {
		parsed = text;
	}
	return { status: res.status, headers: res.headers, body: parsed, text };
}

function order(cart, currency = 'SEK') {
	return { currency, ...computeTotals(cart), cart };
}

const LINE_SHIRT = {
	productType: 'physical',
	reference: 'shirt',
	name: 'Shirt',
	quantity: 2,
	quantityUnit: 'pcs',
	unitPrice: 10000,
	taxRate: 2500,
};
const LINE_BOOK = {
	productType: 'physical',
	reference: 'book',
	name: 'Book',
	quantity: 1,
	quantityUnit: 'pcs',
	unitPrice: 20000,
	taxRate: 600,
};

function createBody(overrides = {}) {
	return {
		product: { type: 'payment', intent: 'payment_one_time' },
		customerType: 'consumer',
		country: 'SE',
		locale: 'sv-se',
		urls: { terms: 'https://shop.example/terms', redirect: 'https://shop.example/thanks' },
		references: { reference1: 'order-1' },
		data: { order: order([LINE_SHIRT, LINE_BOOK]) },
		...overrides,
	};
}

/** A local hook receiver; answers with statuses from `plan` (then 200). */
async function startReceiver(plan = []) {
	const received = [];
	const server = http.createServer((req, res) => {
		let raw = '';
		req.on('data', (c) => (raw += c));
		req.on('end', () => {
			received.push({
				method: req.method,
				url: req.url,
				headers: req.headers,
				raw,
				body: raw ? JSON.parse(raw) : undefined,
			});
			res.writeHead(plan.length ? plan.shift() : 200);
			res.end();
		});
	});
	await new Promise((r) => server.listen(0, '127.0.0.1', r));
	const url = `http://127.0.0.1:${server.address().port}`;
	return {
		url,
		received,
		close: () =>
			new Promise((r) => {
				server.close(r);
				server.closeAllConnections();
			}),
	};
}

beforeEach(async () => {
	fake = new FakeBriqpay({
		accounts: [
			{ username: USER, secret: SECRET },
			{ username: 'expired-user', secret: 'x', expired: true },
		],
		hookRetry: { attempts: 3, delayMs: 10 },
	});
	await fake.start({ port: 0 });
});

afterEach(async () => {
	await fake.stop();
});

describe('auth', () => {
	test.each([
		['missing header', 'INVALID_CREDENTIALS', undefined],
		['garbled header', 'INVALID_CREDENTIALS', 'Bearer abc'],
		['no colon', 'INVALID_CREDENTIALS', `Basic ${Buffer.from('nocolon').toString('base64')}`],
		['wrong secret', 'INVALID_CREDENTIALS', basic(USER, 'nope')],
		['unknown user', 'INVALID_API_KEY', basic('who', SECRET)],
		['expired account', 'AUTH_SECRET_EXPIRED', basic('expired-user', 'x')],
	])('%s -> 403 %s', async (_name, code, auth) => {
		const r = await api('GET', '/v3/session/00000000-0000-0000-0000-000000000000', undefined, {
			auth: auth || null,
		});
		expect(r.status).toBe(403);
		expect(r.body.error.code).toBe(code);
		expect(fake.requests).toHaveLength(1); // recorded even though refused
		expect(fake.requests[0].status).toBe(403);
	});

	test('README credential probe: nil UUID with fields=none -> 404 when credentials are good', async () => {
		const r = await api('GET', '/v3/session/00000000-0000-0000-0000-000000000000?fields=none');
		expect(r.status).toBe(404);
		expect(r.body).toEqual({ error: { code: 'NOT_FOUND', message: 'Session not found' } });
	});
});

describe('ids, routing, fields, bodies', () => {
	test('non-UUID ids -> 400 INVALID_DATA naming the field', async () => {
		let r = await api('GET', '/v3/session/not-a-uuid');
		expect(r.status).toBe(400);
		expect(r.body.error.code).toBe('INVALID_DATA');
		expect(r.body.error.message).toMatch(/sessionId/);
		r = await api('GET', '/v3/token/123');
		expect(r.body.error.message).toMatch(/tokenId/);
	});

	test('ids are case-insensitive; unknown token -> 404; notFoundStatus option', async () => {
		const s = fake.seedSession({});
		expect((await api('GET', `/v3/session/${s.sessionId.toUpperCase()}`)).status).toBe(200);
		const r = await api('GET', `/v3/token/${crypto.randomUUID()}`);
		expect(r.status).toBe(404);
		expect(r.body.error.code).toBe('NOT_FOUND');
		fake.notFoundStatus = 400;
		expect((await api('GET', `/v3/session/${crypto.randomUUID()}`)).status).toBe(400);
	});

	test('unknown route -> 404, wrong method -> 405', async () => {
		expect((await api('GET', '/v3/sessions')).status).toBe(404);
		const r = await api('DELETE', `/v3/session/${crypto.randomUUID()}`);
		expect(r.status).toBe(405);
		expect(r.headers.get('allow')).toBe('GET, PATCH');
	});

	test('fields picks top-level keys; fields=none -> empty 204 (GET, PATCH, POST, token)', async () => {
		const s = fake.seedSession({});
		let r = await api('GET', `/v3/session/${s.sessionId}?fields=status,sessionId`);
		expect(r.body).toEqual({ status: 'started', sessionId: s.sessionId });
		r = await api('GET', `/v3/session/${s.sessionId}?fields=none`);
		expect(r.status).toBe(204);
		expect(r.text).toBe('');
		r = await api('PATCH', `/v3/session/${s.sessionId}?fields=none`, {
			data: { billing: { city: 'Lund' } },
		});
		expect(r.status).toBe(204);
		r = await api('POST', '/v3/session?fields=sessionId', createBody());
		expect(r.status).toBe(201);
		expect(Object.keys(r.body)).toEqual(['sessionId']);
		const t = fake.seedToken({});
		r = await api('GET', `/v3/token/${t.tokenId}?fields=state`);
		expect(r.body).toEqual({ state: 'active' });
	});

	test('bodies must be JSON objects with Content-Type application/json', async () => {
		let r = await api('POST', '/v3/session', undefined, {
			raw: JSON.stringify(createBody()),
			headers: { 'content-type': 'text/plain' },
		});
		expect(r.status).toBe(400);
		expect(r.body.error.code).toBe('INVALID_DATA');
		r = await api('POST', '/v3/session', [createBody()]);
		expect(r.status).toBe(400);
		r = await api('POST', '/v3/session', undefined, {
			raw: '{nope',
			headers: { 'content-type': 'application/json' },
		});
		expect(r.status).toBe(400);
	});
});

describe('money', () => {
	test('rounding: half away from zero, per line', () => {
		expect(roundHalfAwayFromZero(2.5)).toBe(3);
		expect(roundHalfAwayFromZero(-2.5)).toBe(-3);
		// vat of a 1-unit line at 50 % = 0.5 -> 1; a -1 discount at 50 % -> -1 (Math.round would give -0)
		expect(
			computeTotals([
				{
					productType: 'physical',
					name: 'a',
					quantity: 1,
					quantityUnit: 'pc',
					unitPrice: 1,
					taxRate: 5000,
				},
			]),
		).toEqual({ amountExVat: 1, amountIncVat: 2 });
		expect(
			computeTotals([
				{
					productType: 'discount',
					name: 'd',
					quantity: 1,
					quantityUnit: 'pc',
					unitPrice: -1,
					taxRate: 5000,
				},
			]),
		).toEqual({ amountExVat: -1, amountIncVat: -2 });
	});

	test('correct totals accepted: discount line + discountPercentage with rounding + reduced rate', async () => {
		const cart = [
			// 1999 * 3 * (1 - 12.5 %) = 5247.375 -> 5247 net; vat 25 % = 1311.75 -> 1312
			{
				productType: 'physical',
				reference: 'p1',
				name: 'Thing',
				quantity: 3,
				quantityUnit: 'pcs',
				unitPrice: 1999,
				taxRate: 2500,
				discountPercentage: 1250,
			},
			// discount -500 net, vat -125
			{
				productType: 'discount',
				reference: 'promo',
				name: 'Promo',
				quantity: 1,
				quantityUnit: 'pcs',
				unitPrice: -500,
				taxRate: 2500,
			},
			// 4900 net, 12 % vat = 588
			{
				productType: 'shipping_fee',
				reference: 'ship',
				name: 'Shipping',
				quantity: 1,
				quantityUnit: 'pcs',
				unitPrice: 4900,
				taxRate: 1200,
			},
		];
		const good = { currency: 'SEK', amountExVat: 9647, amountIncVat: 11422, cart };
		const r = await api('POST', '/v3/session', createBody({ data: { order: good } }));
		expect(r.status).toBe(201);
		expect(r.body.data.order).toEqual(good);
	});

	test('totals mismatch -> 400 INVALID_DATA with expected vs got', async () => {
		const bad = { ...order([LINE_SHIRT, LINE_BOOK]) };
		bad.amountIncVat += 1;
		const r = await api('POST', '/v3/session', createBody({ data: { order: bad } }));
		expect(r.status).toBe(400);
		expect(r.body.error.code).toBe('INVALID_DATA');
		expect(r.body.error.message).toMatch(
			new RegExp(`expected ${bad.amountIncVat - 1}, got ${bad.amountIncVat}`),
		);
		// a float-rounded total (e.g. computed on the whole order instead of per line) is refused too
		const cart = [
			{
				productType: 'physical',
				name: 'a',
				quantity: 1,
				quantityUnit: 'pc',
				unitPrice: 1,
				taxRate: 5000,
			},
			{
				productType: 'physical',
				name: 'b',
				quantity: 1,
				quantityUnit: 'pc',
				unitPrice: 1,
				taxRate: 5000,
			},
		];
		const r2 = await api(
			'POST',
			'/v3/session',
			createBody({ data: { order: { currency: 'SEK', amountExVat: 2, amountIncVat: 3, cart } } }),
		);
		expect(r2.status).toBe(400);
		expect(r2.body.error.message).toMatch(/expected 4, got 3/);
	});

	test('US sales tax order accepted; sales_tax with taxed lines refused', async () => {
		const cart = [
			{
				productType: 'physical',
				reference: 'mug',
				name: 'Mug',
				quantity: 3,
				quantityUnit: 'pcs',
				unitPrice: 1299,
				taxRate: 0,
			},
			{ productType: 'sales_tax', name: 'Sales tax', reference: 'sales_tax', totalTaxAmount: 351 },
		];
		const us = { currency: 'USD', amountExVat: 3897, amountIncVat: 4248, cart };
		const ok = await api(
			'POST',
			'/v3/session',
			createBody({ country: 'US', locale: 'en-us', data: { order: us } }),
		);
		expect(ok.status).toBe(201);
		const taxed = { ...us, cart: [{ ...cart[0], taxRate: 800 }, cart[1]] };
		const bad = await api(
			'POST',
			'/v3/session',
			createBody({
				country: 'US',
				locale: 'en-us',
				data: { order: { ...taxed, ...computeTotals(taxed.cart) } },
			}),
		);
		expect(bad.status).toBe(400);
		expect(bad.body.error.message).toMatch(/cart\[0\]\.taxRate must be 0/);
	});

	test('non-integer money names the path; adjustment refused outside refunds; empty cart refused', async () => {
		const cart = [LINE_SHIRT, { ...LINE_BOOK, unitPrice: 199.5 }];
		let r = await api(
			'POST',
			'/v3/session',
			createBody({ data: { order: { currency: 'SEK', amountExVat: 1, amountIncVat: 1, cart } } }),
		);
		expect(r.status).toBe(400);
		expect(r.body.error.message).toMatch(/data\.order\.cart\[1\]\.unitPrice must be an integer/);
		r = await api(
			'POST',
			'/v3/session',
			createBody({
				data: {
					order: {
						currency: 'SEK',
						amountExVat: 1,
						amountIncVat: 1,
						cart: [{ ...LINE_SHIRT, quantity: '2' }],
					},
				},
			}),
		);
		expect(r.body.error.message).toMatch(/cart\[0\]\.quantity must be an integer/);
		r = await api(
			'POST',
			'/v3/session',
			createBody({ data: { order: order([{ ...LINE_SHIRT, productType: 'adjustment' }]) } }),
		);
		expect(r.body.error.message).toMatch(/adjustment/);
		r = await api(
			'POST',
			'/v3/session',
			createBody({
				data: { order: { currency: 'SEK', amountExVat: 0, amountIncVat: 0, cart: [] } },
			}),
		);
		expect(r.body.error.message).toMatch(/data\.order\.cart must contain at least 1/);
		r = await api(
			'POST',
			'/v3/session',
			createBody({ data: { order: order([{ ...LINE_SHIRT, taxRate: 10001 }]) } }),
		);
		expect(r.body.error.message).toMatch(/taxRate must be <= 10000/);
	});
});

describe('create / read / update session', () => {
	test('create answers 201 with a full session', async () => {
		const r = await api('POST', '/v3/session', createBody());
		expect(r.status).toBe(201);
		const s = r.body;
		expect(s.sessionId).toMatch(/^[0-9a-f-]{36}$/);
		expect(s.status).toBe('started');
		expect(s).toEqual(
			expect.objectContaining({
				customerType: 'consumer',
				country: 'SE',
				locale: 'sv-se',
				htmlSnippet: expect.any(String),
				clientToken: expect.any(String),
			}),
		);
		expect(s.moduleStatus.payment).toEqual({ uiStatus: 'visible' });
		expect(fake.getSession(s.sessionId).references).toEqual({ reference1: 'order-1' });
	});

	test.each([
		[
			'11 hooks',
			{
				hooks: Array.from({ length: 11 }, () => ({
					eventType: 'session_status',
					statuses: ['completed'],
					method: 'POST',
					url: 'https://h.example/x',
				})),
			},
			/at most 10/,
		],
		[
			'bad hook status',
			{
				hooks: [
					{
						eventType: 'capture_status',
						statuses: ['captured'],
						method: 'POST',
						url: 'https://h.example/x',
					},
				],
			},
			/hooks\[0\]\.statuses\[0\]/,
		],
		[
			'bad hook url',
			{
				hooks: [
					{ eventType: 'session_status', statuses: ['completed'], method: 'POST', url: 'ftp://x' },
				],
			},
			/hooks\[0\]\.url/,
		],
		[
			'company on consumer',
			{ data: { order: order([LINE_SHIRT]), company: { name: 'ACME' } } },
			/data\.company/,
		],
		['missing terms', { urls: { redirect: 'https://shop.example/thanks' } }, /urls\.terms/],
		['bad country', { country: 'se' }, /country/],
		['long reference', { references: { reference1: 'x'.repeat(513) } }, /references\.reference1/],
		['unknown intent', { product: { type: 'payment', intent: 'buy' } }, /product\.intent/],
		['no order', { data: {} }, /data\.order is required/],
	])('create refuses %s', async (_n, over, msg) => {
		const r = await api('POST', '/v3/session', createBody(over));
		expect(r.status).toBe(400);
		expect(r.body.error.code).toBe('INVALID_DATA');
		expect(r.body.error.message).toMatch(msg);
	});

	test('10 hooks accepted; tokenize without order accepted; signup needs type signup', async () => {
		const hooks = Array.from({ length: 10 }, () => ({
			eventType: 'session_status',
			statuses: ['completed'],
			method: 'GET',
			url: 'https://h.example/x',
		}));
		expect((await api('POST', '/v3/session', createBody({ hooks }))).status).toBe(201);
		expect(
			(
				await api(
					'POST',
					'/v3/session',
					createBody({ product: { type: 'payment', intent: 'payment_tokenize' }, data: {} }),
				)
			).status,
		).toBe(201);
		expect(
			(
				await api(
					'POST',
					'/v3/session',
					createBody({ product: { type: 'payment', intent: 'signup' } }),
				)
			).status,
		).toBe(400);
	});

	test('config.realTimeProcessing [plugin]: a boolean at creation only; other config keys and module settings checked', async () => {
		const ok = await api('POST', '/v3/session', {
			...createBody(),
			config: { realTimeProcessing: true },
			modules: { loadModules: ['payment'], config: { payment: { decision: { enabled: false } } } },
		});
		expect(ok.status).toBe(201);
		expect(Object.keys(ok.body.moduleStatus)).toEqual(['payment']);
		const refused = async (extra, text) => {
			const r = await api('POST', '/v3/session', { ...createBody(), ...extra });
			expect(r.status).toBe(400);
			expect(r.body.error.message).toContain(text);
		};
		await refused({ config: { realTimeProcessing: 'yes' } }, 'config.realTimeProcessing');
		await refused({ config: { realtime: true } }, 'config.realtime');
		await refused({ modules: { loadModules: ['paymnet'] } }, 'modules.loadModules[0]');
		await refused({ modules: { config: { payment: { decision: { enabled: 'no' } } } } }, 'modules.config.payment.decision.enabled');
		const patch = await api('PATCH', `/v3/session/${ok.body.sessionId}`, { config: { realTimeProcessing: false } });
		expect(patch.status).toBe(400);
		expect(patch.body.error.message).toContain('only be set when the session is created');
	});

	test('update merges while open and is refused once completed', async () => {
		const s = fake.seedSession({});
		const newOrder = order([LINE_BOOK]);
		let r = await api('PATCH', `/v3/session/${s.sessionId}`, {
			data: { order: newOrder, billing: { city: 'Lund' } },
		});
		expect(r.status).toBe(200);
		expect(r.body.data.order).toEqual(newOrder);
		expect(r.body.data.billing).toEqual({ city: 'Lund' });
		r = await api('PATCH', `/v3/session/${s.sessionId}`, { data: { company: { name: 'ACME' } } });
		expect(r.status).toBe(400); // consumer session
		r = await api('PATCH', `/v3/session/${s.sessionId}`, { references: { a: 'b' } });
		expect(r.status).toBe(400); // not an update-session field

		const done = fake.seedSession({ status: 'completed' });
		r = await api('PATCH', `/v3/session/${done.sessionId}`, {
			data: { billing: { city: 'Lund' } },
		});
		expect(r.status).toBe(400);
		expect(r.body).toEqual({
			error: {
				code: 'UPDATE_NOT_ALLOWED',
				message: 'Session is completed and can no longer be updated',
			},
		});
	});

	test('metadata only before completion; order references only after', async () => {
		const open = fake.seedSession({});
		const done = fake.seedSession({ status: 'completed' });
		expect(
			(
				await api('PATCH', `/v3/session/${open.sessionId}/metadata`, {
					references: { customerId: 'c1' },
				})
			).status,
		).toBe(204);
		expect(fake.getSession(open.sessionId).references.customerId).toBe('c1');
		let r = await api('PATCH', `/v3/session/${done.sessionId}/metadata`, {
			references: { a: 'b' },
		});
		expect(r.body.error.code).toBe('UPDATE_NOT_ALLOWED');
		r = await api('PATCH', `/v3/session/${open.sessionId}/order/update/references`, {
			references: { a: 'b' },
		});
		expect(r.body.error.code).toBe('ORDER_NOT_COMPLETED');
		expect(
			(
				await api('PATCH', `/v3/session/${done.sessionId}/order/update/references`, {
					references: { erpId: 'E1' },
				})
			).status,
		).toBe(204);
		expect(fake.getSession(done.sessionId).references.erpId).toBe('E1');
	});
});

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

describe('order management', () => {
	const capBody = (cart) => ({ data: { order: order(cart) } });

	test('capture state rules', async () => {
		const open = fake.seedSession({});
		const pending = fake.seedSession({ status: 'completed', orderStatus: 'order_pending' });
		const cancelled = fake.seedSession({ status: 'completed', orderStatus: 'order_cancelled' });
		const cart = [fake.getSession(open.sessionId).data.order.cart[0]];
		expect(
			(await api('POST', `/v3/session/${open.sessionId}/order/capture`, capBody(cart))).body.error
				.code,
		).toBe('ORDER_NOT_COMPLETED');
		expect(
			(await api('POST', `/v3/session/${pending.sessionId}/order/capture`, capBody(cart))).body
				.error.code,
		).toBe('ORDER_PENDING');
		expect(
			(await api('POST', `/v3/session/${cancelled.sessionId}/order/capture`, capBody(cart))).body
				.error.code,
		).toBe('INVALID_DATA');
	});

	test('partial + full capture, line matching, over-capture, refunds', async () => {
		const rx = await startReceiver();
		try {
			const hooks = ['capture_status', 'refund_status'].map((eventType) => ({
				eventType,
				statuses: ['pending', 'approved', 'rejected'],
				method: 'POST',
				url: `${rx.url}/h`,
			}));
			const s = fake.seedSession({
				status: 'completed',
				hooks,
				data: { order: order([LINE_SHIRT, LINE_BOOK]) },
			});
			const id = s.sessionId;

			let r = await api(
				'POST',
				`/v3/session/${id}/order/capture`,
				capBody([{ ...LINE_SHIRT, taxRate: 1200 }]),
			);
			expect(r.status).toBe(400);
			expect(r.body.error.code).toBe('CART_ITEM_NOT_FOUND');
			r = await api(
				'POST',
				`/v3/session/${id}/order/capture`,
				capBody([{ ...LINE_SHIRT, quantity: 3 }]),
			);
			expect(r.body.error.code).toBe('INVALID_DATA');
			expect(r.body.error.message).toMatch(/only 2 left/);

			r = await api('POST', `/v3/session/${id}/order/capture`, capBody([LINE_SHIRT]));
			expect(r.status).toBe(201);
			const cap1 = r.body.captureId;
			expect(fake.getSession(id).moduleStatus.payment.orderStatus).toBe('captured_partial');
			r = await api(
				'POST',
				`/v3/session/${id}/order/capture`,
				capBody([{ ...LINE_SHIRT, quantity: 1 }]),
			);
			expect(r.body.error.message).toMatch(/only 0 left/);
			r = await api('POST', `/v3/session/${id}/order/capture`, capBody([LINE_BOOK]));
			expect(r.status).toBe(201);
			const cap2 = r.body.captureId;
			let sess = fake.getSession(id);
			expect(sess.moduleStatus.payment.orderStatus).toBe('captured_full');
			expect(sess.data.captures.map((c) => c.status)).toEqual(['captured', 'captured']);
			expect(sess.data.captures[0]).toMatchObject({
				captureId: cap1,
				autoCaptured: false,
				amountIncVat: 25000,
				sessionId: id,
			});
			expect(
				(await api('POST', `/v3/session/${id}/order/capture`, capBody([LINE_BOOK]))).body.error
					.code,
			).toBe('INVALID_DATA');

			// refunds
			r = await api('POST', `/v3/session/${id}/order/refund`, capBody([LINE_BOOK]));
			expect(r.body.error.message).toMatch(/captureId is required/);
			r = await api('POST', `/v3/session/${id}/order/refund`, {
				captureId: cap1,
				...capBody([LINE_BOOK]),
			});
			expect(r.body.error.code).toBe('CART_ITEM_NOT_FOUND');
			r = await api('POST', `/v3/session/${id}/order/refund`, {
				captureId: crypto.randomUUID(),
				...capBody([LINE_BOOK]),
			});
			expect(r.body.error.message).toMatch(/not found/);
			r = await api('POST', `/v3/session/${id}/order/refund`, {
				captureId: cap1,
				...capBody([{ ...LINE_SHIRT, quantity: 1 }]),
			});
			expect(r.status).toBe(201);
			const refundId = r.body.refundId;
			sess = fake.getSession(id);
			expect(sess.moduleStatus.payment.refundStatus).toBe('partially_refunded');
			expect(sess.data.refunds[0]).toMatchObject({
				refundId,
				parentCaptureId: cap1,
				status: 'refunded',
				amountIncVat: 12500,
			});
			// 12500 left on cap1: 12501 is too much (adjustment line allowed on refunds)
			const adj = {
				productType: 'adjustment',
				name: 'Goodwill',
				quantity: 1,
				quantityUnit: 'pcs',
				unitPrice: 10001,
				taxRate: 2500,
			};
			r = await api('POST', `/v3/session/${id}/order/refund`, {
				captureId: cap1,
				...capBody([adj]),
			});
			expect(r.status).toBe(400);
			expect(r.body.error.message).toMatch(/exceeds/);
			r = await api('POST', `/v3/session/${id}/order/refund`, {
				captureId: cap1,
				...capBody([{ ...adj, unitPrice: 10000 }]),
			});
			expect(r.status).toBe(201);
			r = await api('POST', `/v3/session/${id}/order/refund`, {
				captureId: cap2,
				...capBody([LINE_BOOK]),
			});
			expect(r.status).toBe(201);
			expect(fake.getSession(id).moduleStatus.payment.refundStatus).toBe(
				'captured_amount_fully_refunded',
			);

			await fake.flushHooks();
			const bodies = rx.received.map((x) => x.body);
			expect(bodies[0]).toEqual({
				event: 'capture_status',
				status: 'approved',
				sessionId: id,
				captureId: cap1,
				autoCaptured: false,
				isPreExistingCapture: false,
			});
			expect(bodies.filter((b) => b.event === 'refund_status')[0]).toEqual({
				event: 'refund_status',
				status: 'approved',
				sessionId: id,
				refundId,
			});
			expect(bodies).toHaveLength(5);
		} finally {
			await rx.close();
		}
	});

	test('refund needs a capture', async () => {
		const s = fake.seedSession({ status: 'completed' });
		const r = await api(
			'POST',
			`/v3/session/${s.sessionId}/order/refund`,
			capBody([s.data.order.cart[0]]),
		);
		expect(r.status).toBe(400);
		expect(r.body.error.message).toMatch(/no captures/);
	});

	test('async capture mode: pending capture, approved by transition', async () => {
		const s = fake.seedSession({ status: 'completed', captureMode: 'async' });
		const r = await api(
			'POST',
			`/v3/session/${s.sessionId}/order/capture`,
			capBody(s.data.order.cart),
		);
		expect(r.status).toBe(201);
		expect(fake.getSession(s.sessionId).data.captures[0].status).toBe('pending');
		expect(fake.getSession(s.sessionId).moduleStatus.payment.orderStatus).toBe(
			'order_approved_not_captured',
		);
		const { session, events } = await fake.transition(s.sessionId, 'capture_approved', {
			captureId: r.body.captureId,
		});
		expect(session.data.captures[0].status).toBe('captured');
		expect(session.moduleStatus.payment.orderStatus).toBe('captured_full');
		expect(events[0]).toMatchObject({
			event: 'capture_status',
			status: 'approved',
			captureId: r.body.captureId,
		});
	});

	test('recordStatusStyle 003 uses approved for capture/refund records', async () => {
		fake.recordStatusStyle = '003';
		const s = fake.seedSession({ status: 'completed' });
		const r = await api(
			'POST',
			`/v3/session/${s.sessionId}/order/capture`,
			capBody(s.data.order.cart),
		);
		await api('POST', `/v3/session/${s.sessionId}/order/refund`, capBody([s.data.order.cart[0]]));
		const after = fake.getSession(s.sessionId);
		expect(after.data.captures[0]).toMatchObject({
			captureId: r.body.captureId,
			status: 'approved',
		});
		expect(after.data.refunds[0].status).toBe('approved');
	});

	test('cancel rules', async () => {
		const ok = fake.seedSession({ status: 'completed' });
		const noCancel = fake.seedSession({ status: 'completed', cancelSupported: false });
		const captured = fake.seedSession({ status: 'completed', orderStatus: 'captured_full' });
		expect(
			(await api('POST', `/v3/session/${captured.sessionId}/order/cancel`)).body.error.code,
		).toBe('INVALID_DATA');
		expect(
			(await api('POST', `/v3/session/${noCancel.sessionId}/order/cancel`)).body.error.code,
		).toBe('CANCEL_NOT_SUPPORTED');
		expect((await api('POST', `/v3/session/${ok.sessionId}/order/cancel`)).status).toBe(204);
		expect(fake.getSession(ok.sessionId).moduleStatus.payment.orderStatus).toBe('order_cancelled');
		expect((await api('POST', `/v3/session/${ok.sessionId}/order/cancel`)).status).toBe(400);
	});

	test('decision: only when pending; allow completes, reject rejects', async () => {
		const plain = fake.seedSession({});
		let r = await api('POST', `/v3/session/${plain.sessionId}/decision`, { decision: 'allow' });
		expect(r.body.error.message).toMatch(/no decision pending/i);
		const a = fake.seedSession({ decisionPending: true });
		expect(
			(await api('POST', `/v3/session/${a.sessionId}/decision`, { decision: 'allow' })).status,
		).toBe(204);
		expect(fake.getSession(a.sessionId)).toMatchObject({
			status: 'completed',
			moduleStatus: { payment: { orderStatus: 'order_approved_not_captured' } },
		});
		const b = fake.seedSession({});
		await fake.transition(b.sessionId, 'await_decision');
		r = await api('POST', `/v3/session/${b.sessionId}/decision`, {
			decision: 'reject',
			rejectionType: 'notify_user',
			softErrors: [{ message: 'Out of stock' }],
		});
		expect(r.status).toBe(204);
		expect(fake.getSession(b.sessionId).moduleStatus.payment.orderStatus).toBe('order_rejected');
		r = await api('POST', `/v3/session/${b.sessionId}/decision`, { decision: 'maybe' });
		expect(r.status).toBe(400);
	});

	test('transitions: pending -> approve, reject; invalid transition throws', async () => {
		const s = fake.seedSession({ status: 'completed', orderStatus: 'order_pending' });
		await fake.transition(s.sessionId, 'approve');
		expect(fake.getSession(s.sessionId).moduleStatus.payment.orderStatus).toBe(
			'order_approved_not_captured',
		);
		await expect(fake.transition(s.sessionId, 'approve')).rejects.toThrow(/orderStatus/);
		const open = fake.seedSession({});
		await fake.transition(open.sessionId, 'complete', { orderStatus: 'order_pending' });
		await fake.transition(open.sessionId, 'reject');
		expect(fake.getSession(open.sessionId).data.transactions[0].status).toBe('rejected');
	});

	test('hosted page for an open session only', async () => {
		const s = fake.seedSession({});
		const r = await api('POST', '/v3/hosted-page', {
			sessionId: s.sessionId,
			config: { pageTitle: 'Pay order 1', showCart: true },
		});
		expect(r.status).toBe(201);
		expect(r.body).toEqual({
			hostedPageId: expect.any(String),
			sessionId: s.sessionId,
			url: `${fake.baseUrl}/hosted/${r.body.hostedPageId}`,
		});
		const page = await fetch(r.body.url);
		expect(page.status).toBe(200);
		expect(await page.text()).toMatch(/Pay order 1/);
		const done = fake.seedSession({ status: 'completed' });
		expect((await api('POST', '/v3/hosted-page', { sessionId: done.sessionId })).status).toBe(400);
		expect(fake.requests.every((q) => !q.path.startsWith('/hosted'))).toBe(true);
	});
});

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

describe('hooks', () => {
	test('POST and GET hooks with signature; redelivery on non-2xx', async () => {
		const rx = await startReceiver([500]); // first delivery fails -> redelivered
		try {
			fake.signingSecret = 'whsec_test';
			const s = fake.seedSession({
				hooks: [
					{
						eventType: 'session_status',
						statuses: ['completed'],
						method: 'POST',
						url: `${rx.url}/post`,
					},
					{
						eventType: 'order_status',
						statuses: ['order_approved_not_captured'],
						method: 'GET',
						url: `${rx.url}/get?shop=1`,
					},
					{
						eventType: 'order_status',
						statuses: ['order_cancelled'],
						method: 'POST',
						url: `${rx.url}/never`,
					},
				],
			});
			const { deliveries } = await fake.transition(s.sessionId, 'complete');
			expect(deliveries.every((d) => d.ok)).toBe(true);
			expect(rx.received.map((x) => `${x.method} ${x.url.split('?')[0]}`)).toEqual([
				'POST /post',
				'GET /get',
				'POST /post',
			]);
			expect(fake.hookDeliveries.map((d) => [d.attempt, d.statusCode])).toEqual([
				[1, 500],
				[1, 200],
				[2, 200],
			]);

			const post = rx.received[2];
			expect(post.body).toEqual({
				event: 'session_status',
				status: 'completed',
				sessionId: s.sessionId,
			});
			const [, t, sig] = /^t=(\d+),s1=(.+)$/.exec(post.headers['x-briq-signature']);
			expect(sig).toBe(
				crypto.createHmac('sha256', 'whsec_test').update(`${t}.${post.raw}`).digest('base64'),
			);

			const get = rx.received[1];
			const q = new URL(get.url, rx.url).searchParams;
			expect(Object.fromEntries(q)).toEqual({
				shop: '1',
				event: 'order_status',
				status: 'order_approved_not_captured',
				sessionId: s.sessionId,
			});
			const [, t2, sig2] = /^t=(\d+),s1=(.+)$/.exec(get.headers['x-briq-signature']);
			expect(sig2).toBe(
				crypto.createHmac('sha256', 'whsec_test').update(`${t2}.`).digest('base64'),
			);
		} finally {
			await rx.close();
		}
	});

	test('gives up after hookRetry.attempts; network errors recorded', async () => {
		const rx = await startReceiver([500, 502, 503, 504]);
		try {
			const s = fake.seedSession({
				hooks: [
					{
						eventType: 'session_status',
						statuses: ['completed'],
						method: 'POST',
						url: `${rx.url}/h`,
					},
				],
			});
			await fake.transition(s.sessionId, 'complete');
			expect(fake.hookDeliveries.map((d) => d.statusCode)).toEqual([500, 502, 503]);
		} finally {
			await rx.close();
		}
		const dead = await fake.sendHook(
			crypto.randomUUID(),
			{ event: 'session_status', status: 'completed' },
			{ url: rx.url, retry: false },
		);
		expect(dead.error).toBeTruthy();
	});

	test('sendHook forges arbitrary hooks', async () => {
		const rx = await startReceiver();
		try {
			const sid = crypto.randomUUID();
			await fake.sendHook(
				sid,
				{ event: 'capture_status', status: 'approved', captureId: 'forged' },
				{ url: `${rx.url}/x`, signature: 't=1,s1=bogus' },
			);
			expect(rx.received[0].body).toEqual({
				event: 'capture_status',
				status: 'approved',
				captureId: 'forged',
				sessionId: sid,
			});
			expect(rx.received[0].headers['x-briq-signature']).toBe('t=1,s1=bogus');
		} finally {
			await rx.close();
		}
	});
});

describe('control API and CLI', () => {
	test('control routes drive the fake and are not recorded', async () => {
		const ctl = (method, p, body) =>
			fetch(`${fake.baseUrl}/__control${p}`, {
				method,
				headers: { 'content-type': 'application/json' },
				body: body && JSON.stringify(body),
			});
		const s = await (await ctl('POST', '/sessions', { customerType: 'business' })).json();
		const tr = await ctl('POST', `/sessions/${s.sessionId}/transition`, {
			to: 'complete',
			orderStatus: 'order_pending',
		});
		expect((await tr.json()).session.moduleStatus.payment.orderStatus).toBe('order_pending');
		expect(
			(await ctl('POST', `/sessions/${s.sessionId}/transition`, { to: 'cancel' })).status,
		).toBe(409);
		await ctl('POST', '/fail-next', { pathRegex: '^/v3/session/', status: 502 });
		expect((await api('GET', `/v3/session/${s.sessionId}`)).status).toBe(502);
		const reqs = await (await ctl('GET', '/requests')).json();
		expect(reqs.map((r) => r.status)).toEqual([502]);
		await ctl('POST', '/reset-requests');
		expect(fake.requests).toHaveLength(0);
	});

	test('cli prints baseUrl + seeded ids and stops on SIGTERM', async () => {
		const child = spawn(
			process.execPath,
			[
				path.join(__dirname, 'fake-briqpay', 'cli.js'),
				'--port',
				'0',
				'--seed',
				'--username',
				'u1',
				'--secret',
				's1',
			],
			{
				stdio: ['ignore', 'pipe', 'inherit'],
			},
		);
		const line = await new Promise((resolve, reject) => {
			let buf = '';
			child.stdout.on('data', (c) => {
				buf += c;
				if (buf.includes('\n')) resolve(buf.split('\n')[0]);
			});
			child.on('error', reject);
		});
		const info = JSON.parse(line);
		expect(info.baseUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
		const r = await fetch(`${info.baseUrl}/v3/session/${info.seeded.sessions.approved}`, {
			headers: { authorization: basic('u1', 's1') },
		});
		expect((await r.json()).moduleStatus.payment.orderStatus).toBe('order_approved_not_captured');
		const exited = new Promise((resolve) => child.on('exit', resolve));
		child.kill('SIGTERM');
		expect(await exited).toBe(0);
	});
});
