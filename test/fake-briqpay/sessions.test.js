'use strict';

/** Fake Briqpay self-tests over real HTTP: create, read and update sessions. */

const { order, LINE_SHIRT, LINE_BOOK, createBody, freshFakeEachTest, apiOf } = require('./testkit');

let fake;
const api = apiOf(() => fake);
freshFakeEachTest((started) => (fake = started));

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
		await refused(
			{ modules: { config: { payment: { decision: { enabled: 'no' } } } } },
			'modules.config.payment.decision.enabled',
		);
		const patch = await api('PATCH', `/v3/session/${ok.body.sessionId}`, {
			config: { realTimeProcessing: false },
		});
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
