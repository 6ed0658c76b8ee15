'use strict';

/**
 * Token → Charge: the recharge guard ("Skip If Already Charged" + Charge Reference), the per-charge
 * marker reference n8nChargeId, and reconciliation after a lost answer — through the real engine
 * against the fake Briqpay. Money must move exactly as often as intended, never twice.
 */
const { setup, chargeToken, BASIC, UUID } = require('./helpers');

const t = setup();
const { calls, posts } = t;
const tokenPath = (id) => `/v3/token/${id}`;
const sessionPath = (id) => `/v3/session/${id}`;

// coffee: 2 × 125.00 at 12 % = 280.00 SEK
const ORDER = {
	currency: 'SEK',
	amountExVat: 25000,
	amountIncVat: 28000,
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
	],
};

const charge = (tokenId, extra = {}) => chargeToken(tokenId, { simplify: true, ...extra });
const guarded = (tokenId, chargeReference, extra = {}) =>
	charge(tokenId, { skipIfAlreadyCharged: true, chargeReference, ...extra });

/** The charge sessions the fake recorded on a token, read back as sessions. */
const chargesOf = (tokenId) =>
	t.fake.getToken(tokenId).chargeSessions.map((c) => t.fake.getSession(c.sessionId));

describe('recharge guard: Skip If Already Charged', () => {
	test('first run charges and stores the Charge Reference on the session', async () => {
		const token = t.fake.seedToken({});
		const run = await t.briqpay(
			guarded(token.tokenId, '2026-11', {
				references: { reference: [{ key: 'reference1', value: 'INV-11' }] },
			}),
		);

		expect(run.error).toBeUndefined();
		// the guard's read, the charge, and the read that looks for an overlapping charge
		expect(calls()).toEqual([
			`GET ${tokenPath(token.tokenId)}`,
			'POST /v3/session',
			`GET ${tokenPath(token.tokenId)}`,
		]);
		const post = t.requests()[1];
		expect(post.headers.authorization).toBe(BASIC);
		expect(post.status).toBe(201);
		expect(post.body).toEqual({
			product: { type: 'payment', intent: 'payment_charge_token' },
			data: { order: ORDER, tokenization: { tokenId: token.tokenId } },
			references: {
				reference1: 'INV-11',
				chargeReference: '2026-11',
				n8nChargeId: expect.stringMatching(UUID),
			},
		});

		const charges = chargesOf(token.tokenId);
		expect(charges).toHaveLength(1);
		expect(charges[0].references).toEqual(post.body.references);
		expect(charges[0].moduleStatus.payment.orderStatus).toBe('order_approved_not_captured');
		expect(run.items).toEqual([
			{
				json: expect.objectContaining({
					sessionId: charges[0].sessionId,
					status: 'completed',
					orderStatus: 'order_approved_not_captured',
					amountIncVat: 28000,
					tokenId: token.tokenId,
					chargeReference: '2026-11',
					alreadyCharged: false,
					duplicateCharges: [],
					references: post.body.references,
				}),
				pairedItem: { item: 0 },
			},
		]);
	});

	test('a second identical run charges nobody and returns the first charge', async () => {
		const token = t.fake.seedToken({});
		const first = await t.briqpay(guarded(token.tokenId, '2026-11'));
		const firstSessionId = first.items[0].json.sessionId;
		expect(firstSessionId).toMatch(UUID);

		t.fake.clearRequests();
		const second = await t.briqpay(guarded(token.tokenId, '2026-11'));
		expect(second.error).toBeUndefined();
		expect(posts()).toEqual([]);
		expect(calls()).toEqual([
			`GET ${tokenPath(token.tokenId)}`,
			`GET ${sessionPath(firstSessionId)}`,
		]);
		expect(t.requests()[1].query.fields).toMatch(/references/);
		expect(t.fake.getToken(token.tokenId).chargeSessions).toHaveLength(1);
		expect(second.items).toEqual([
			{
				json: expect.objectContaining({
					sessionId: firstSessionId,
					orderStatus: 'order_approved_not_captured',
					tokenId: token.tokenId,
					chargeReference: '2026-11',
					outcome: 'alreadyCharged',
					alreadyCharged: true,
				}),
				pairedItem: { item: 0 },
			},
		]);
	});

	test('a different Charge Reference charges again', async () => {
		const token = t.fake.seedToken({});
		const first = await t.briqpay(guarded(token.tokenId, '2026-11'));
		t.fake.clearRequests();
		const next = await t.briqpay(guarded(token.tokenId, '2026-12'));

		expect(next.error).toBeUndefined();
		expect(calls()).toEqual([
			`GET ${tokenPath(token.tokenId)}`,
			`GET ${sessionPath(first.items[0].json.sessionId)}`,
			'POST /v3/session',
			`GET ${tokenPath(token.tokenId)}`,
		]);
		expect(t.requests()[2].body.references).toEqual({
			chargeReference: '2026-12',
			n8nChargeId: expect.stringMatching(UUID),
		});
		const charges = chargesOf(token.tokenId);
		expect(charges.map((c) => c.references.chargeReference)).toEqual(['2026-11', '2026-12']);
		expect(next.items).toEqual([
			{
				json: expect.objectContaining({
					sessionId: charges[1].sessionId,
					chargeReference: '2026-12',
					alreadyCharged: false,
				}),
				pairedItem: { item: 0 },
			},
		]);
		expect(next.items[0].json.sessionId).not.toBe(first.items[0].json.sessionId);
	});

	test('the same token and reference twice in one run is charged once', async () => {
		const token = t.fake.seedToken({});
		const run = await t.briqpay(guarded('={{ $json.tokenId }}', '={{ $json.period }}'), {
			items: [
				{ json: { tokenId: token.tokenId, period: '2026-11' } },
				{ json: { tokenId: token.tokenId, period: '2026-11' } },
			],
		});

		expect(run.error).toBeUndefined();
		expect(posts()).toHaveLength(1);
		expect(calls()).toEqual([
			`GET ${tokenPath(token.tokenId)}`,
			'POST /v3/session',
			`GET ${tokenPath(token.tokenId)}`,
		]);
		const charges = chargesOf(token.tokenId);
		expect(charges).toHaveLength(1);
		expect(run.items).toEqual([
			{
				json: expect.objectContaining({
					sessionId: charges[0].sessionId,
					alreadyCharged: false,
					chargeReference: '2026-11',
				}),
				pairedItem: { item: 0 },
			},
			{
				json: expect.objectContaining({
					sessionId: charges[0].sessionId,
					alreadyCharged: true,
					chargeReference: '2026-11',
					tokenId: token.tokenId,
				}),
				pairedItem: { item: 1 },
			},
		]);
	});

	test('without the guard every run charges (the guard is what prevents it)', async () => {
		const token = t.fake.seedToken({});
		await t.briqpay(charge(token.tokenId));
		await t.briqpay(charge(token.tokenId));
		const tokenRead = `GET ${tokenPath(token.tokenId)}`;
		expect(calls()).toEqual([tokenRead, 'POST /v3/session', tokenRead, 'POST /v3/session']);
		expect(posts().map((r) => r.body.references)).toEqual([
			{ n8nChargeId: expect.stringMatching(UUID) },
			{ n8nChargeId: expect.stringMatching(UUID) },
		]);
		expect(posts()[0].body.references.n8nChargeId).not.toBe(posts()[1].body.references.n8nChargeId);
		expect(t.fake.getToken(token.tokenId).chargeSessions).toHaveLength(2);
	});

	test('a rejected earlier charge does not count: the next run charges again', async () => {
		const token = t.fake.seedToken({ chargeOutcome: 'rejected' });
		const first = await t.briqpay(guarded(token.tokenId, '2026-11'));
		expect(first.error).toBeUndefined();
		expect(first.items[0].json).toMatchObject({
			orderStatus: 'order_rejected',
			alreadyCharged: false,
		});
		const rejectedId = first.items[0].json.sessionId;

		t.fake.setTokenMeta(token.tokenId, { chargeOutcome: 'approved' }); // e.g. the customer topped up the card
		t.fake.clearRequests();
		const retry = await t.briqpay(guarded(token.tokenId, '2026-11'));
		expect(retry.error).toBeUndefined();
		expect(calls()).toEqual([
			`GET ${tokenPath(token.tokenId)}`,
			`GET ${sessionPath(rejectedId)}`,
			'POST /v3/session',
			`GET ${tokenPath(token.tokenId)}`,
		]);
		expect(t.requests()[2].body.references.chargeReference).toBe('2026-11');
		const charges = chargesOf(token.tokenId);
		expect(charges.map((c) => c.moduleStatus.payment.orderStatus)).toEqual([
			'order_rejected',
			'order_approved_not_captured',
		]);
		expect(retry.items).toEqual([
			{
				json: expect.objectContaining({
					sessionId: charges[1].sessionId,
					orderStatus: 'order_approved_not_captured',
					alreadyCharged: false,
				}),
				pairedItem: { item: 0 },
			},
		]);

		// and from now on the approved charge blocks
		t.fake.clearRequests();
		const third = await t.briqpay(guarded(token.tokenId, '2026-11'));
		expect(posts()).toEqual([]);
		expect(third.items[0].json).toMatchObject({
			sessionId: charges[1].sessionId,
			alreadyCharged: true,
		});
	});

	test('a charge rejected earlier in the same run does not block the next item either', async () => {
		// Same rule as across runs: a rejected charge is not "already charged". Reporting it as
		// alreadyCharged: true would tell the workflow that money was taken when it was not.
		const token = t.fake.seedToken({ chargeOutcome: 'rejected' });
		const run = await t.briqpay(guarded(token.tokenId, '2026-11'), {
			items: [{ json: {} }, { json: {} }],
		});
		expect(run.error).toBeUndefined();
		expect(run.items[0].json).toMatchObject({
			orderStatus: 'order_rejected',
			alreadyCharged: false,
		});
		// the second item must not be reported as charged by the rejected first charge
		expect(run.items[1].json).toMatchObject({ alreadyCharged: false });
		expect(run.items[1].json.sessionId).not.toBe(run.items[0].json.sessionId);
		expect(posts().map((r) => `${r.method} ${r.path}`)).toEqual([
			'POST /v3/session',
			'POST /v3/session',
		]);
		expect(calls()[0]).toBe(`GET ${tokenPath(token.tokenId)}`);
		const charges = chargesOf(token.tokenId);
		expect(charges.map((c) => c.moduleStatus.payment.orderStatus)).toEqual([
			'order_rejected',
			'order_rejected',
		]);
		expect(run.items).toEqual([
			{
				json: expect.objectContaining({
					sessionId: charges[0].sessionId,
					orderStatus: 'order_rejected',
					alreadyCharged: false,
				}),
				pairedItem: { item: 0 },
			},
			{
				json: expect.objectContaining({
					sessionId: charges[1].sessionId,
					orderStatus: 'order_rejected',
					alreadyCharged: false,
				}),
				pairedItem: { item: 1 },
			},
		]);
	});

	test('a pending earlier charge does block (it may still be approved)', async () => {
		const token = t.fake.seedToken({ chargeOutcome: 'pending' });
		const first = await t.briqpay(guarded(token.tokenId, '2026-11'));
		expect(first.items[0].json).toMatchObject({
			orderStatus: 'order_pending',
			alreadyCharged: false,
		});
		t.fake.clearRequests();
		const second = await t.briqpay(guarded(token.tokenId, '2026-11'));
		expect(posts()).toEqual([]);
		expect(calls()).toEqual([
			`GET ${tokenPath(token.tokenId)}`,
			`GET ${sessionPath(first.items[0].json.sessionId)}`,
		]);
		expect(t.fake.getToken(token.tokenId).chargeSessions).toHaveLength(1);
		expect(second.items).toEqual([
			{
				json: expect.objectContaining({
					sessionId: first.items[0].json.sessionId,
					orderStatus: 'order_pending',
					alreadyCharged: true,
				}),
				pairedItem: { item: 0 },
			},
		]);
	});

	test.each([
		['empty', '', 'Charge Reference is empty'],
		['only spaces', '   ', 'Charge Reference is empty'],
		[
			'longer than 512 characters',
			'x'.repeat(513),
			'Charge Reference is longer than 512 characters',
		],
	])(
		'a Charge Reference that is %s is refused before any request',
		async (_label, chargeReference, message) => {
			const token = t.fake.seedToken({});
			const run = await t.briqpay(guarded(token.tokenId, chargeReference));
			expect(run.status).toBe('error');
			expect(run.error.name).toBe('NodeOperationError');
			expect(run.error.message).toBe(message);
			expect(run.error.description).toMatch(
				/give each charge a reference such as the billing period/,
			);
			expect(calls()).toEqual([]);
			expect(t.fake.getToken(token.tokenId).chargeSessions).toEqual([]);
		},
	);

	test('a schedule over 3 tokens, run twice, charges exactly 3 times', async () => {
		const tokens = [
			t.fake.seedToken({}),
			t.fake.seedToken({ customerType: 'business' }),
			t.fake.seedToken({}),
		];
		const items = tokens.map((token) => ({ json: { tokenId: token.tokenId, period: '2026-11' } }));
		const params = guarded('={{ $json.tokenId }}', '={{ $json.period }}');

		const first = await t.briqpay(params, { items });
		expect(first.error).toBeUndefined();
		expect(posts().map((r) => r.body.data.tokenization.tokenId)).toEqual(
			tokens.map((tk) => tk.tokenId),
		);
		expect(first.items.map((i) => i.json.alreadyCharged)).toEqual([false, false, false]);
		expect(first.items.map((i) => i.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);

		t.fake.clearRequests();
		const second = await t.briqpay(params, { items });
		expect(second.error).toBeUndefined();
		expect(posts()).toEqual([]);
		expect(second.items.map((i) => i.json.alreadyCharged)).toEqual([true, true, true]);
		expect(second.items.map((i) => i.json.sessionId)).toEqual(
			first.items.map((i) => i.json.sessionId),
		);
		expect(second.items.map((i) => i.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
		for (const token of tokens)
			expect(t.fake.getToken(token.tokenId).chargeSessions).toHaveLength(1);
	});
});

describe('reconciliation after a lost answer to a charge', () => {
	test('connection dropped after Briqpay charged → reported as done with the real sessionId; one POST', async () => {
		const token = t.fake.seedToken({});
		t.fake.failNext({ method: 'POST', path: '/v3/session', mode: 'dropAfterWork' });
		const run = await t.briqpay(charge(token.tokenId));

		expect(run.status).toBe('success');
		expect(run.error).toBeUndefined();
		const [charged] = t.fake.getToken(token.tokenId).chargeSessions;
		expect(charged).toBeDefined();
		expect(posts()).toHaveLength(1);
		expect(posts()[0]).toMatchObject({ method: 'POST', dropped: true, status: null });
		expect(calls()).toEqual([
			`GET ${tokenPath(token.tokenId)}`,
			'POST /v3/session',
			`GET ${tokenPath(token.tokenId)}`,
			`GET ${sessionPath(charged.sessionId)}`,
		]);
		const marker = posts()[0].body.references.n8nChargeId;
		expect(t.fake.getSession(charged.sessionId).references).toEqual({ n8nChargeId: marker });
		expect(run.items).toEqual([
			{
				json: expect.objectContaining({
					sessionId: charged.sessionId,
					status: 'completed',
					orderStatus: 'order_approved_not_captured',
					amountIncVat: 28000,
					tokenId: token.tokenId,
					reconciled: true,
				}),
				pairedItem: { item: 0 },
			},
		]);
		expect(run.items[0].json.error).toBeUndefined();
	});

	test('with the guard on: reconciled as a first charge, and the next run sees it', async () => {
		const token = t.fake.seedToken({});
		t.fake.failNext({ method: 'POST', path: '/v3/session', mode: 'dropAfterWork' });
		const run = await t.briqpay(guarded(token.tokenId, '2026-11'));
		const [charged] = t.fake.getToken(token.tokenId).chargeSessions;
		expect(posts()).toHaveLength(1);
		expect(calls()).toEqual([
			`GET ${tokenPath(token.tokenId)}`,
			'POST /v3/session',
			// reconciliation finds the charge by its marker
			`GET ${tokenPath(token.tokenId)}`,
			`GET ${sessionPath(charged.sessionId)}`,
			// the overlap check
			`GET ${tokenPath(token.tokenId)}`,
		]);
		expect(run.items).toEqual([
			{
				json: expect.objectContaining({
					sessionId: charged.sessionId,
					reconciled: true,
					alreadyCharged: false,
					chargeReference: '2026-11',
				}),
				pairedItem: { item: 0 },
			},
		]);

		t.fake.clearRequests();
		const again = await t.briqpay(guarded(token.tokenId, '2026-11'));
		expect(posts()).toEqual([]);
		expect(again.items[0].json).toMatchObject({
			sessionId: charged.sessionId,
			alreadyCharged: true,
		});
		expect(t.fake.getToken(token.tokenId).chargeSessions).toHaveLength(1);
	});

	test('connection dropped before Briqpay acted → the outcome is unknown, with what to check; one POST', async () => {
		const token = t.fake.seedToken({});
		t.fake.failNext({ method: 'POST', path: '/v3/session', mode: 'dropBeforeWork' });
		const run = await t.briqpay(charge(token.tokenId));

		expect(run.status).toBe('error');
		expect(run.error.name).toBe('NodeApiError');
		expect(run.error.message).toBe('The outcome of the charge is unknown');
		const marker = posts()[0].body.references.n8nChargeId;
		expect(marker).toMatch(UUID);
		expect(run.error.description).toBe(
			'Could not get an answer from Briqpay: the connection was dropped. Reading the state back does not show the charge (yet). ' +
				'It was not sent again, because it may have moved money. ' +
				`Open token ${token.tokenId} in Briqpay and look for a charge of 28000 SEK (minor units) with reference n8nChargeId = ${marker}. ` +
				'Run it again only if it did not happen.',
		);
		expect(posts()).toHaveLength(1);
		expect(calls()).toEqual([
			`GET ${tokenPath(token.tokenId)}`,
			'POST /v3/session',
			`GET ${tokenPath(token.tokenId)}`,
		]);
		expect(t.fake.getToken(token.tokenId).chargeSessions).toEqual([]);
	});

	test('an earlier charge of the same token is not mistaken for the lost one', async () => {
		const token = t.fake.seedToken({});
		const earlier = await t.briqpay(charge(token.tokenId));
		const earlierId = earlier.items[0].json.sessionId;
		t.fake.clearRequests();

		t.fake.failNext({ method: 'POST', path: '/v3/session', mode: 'dropBeforeWork' });
		const run = await t.briqpay(charge(token.tokenId));
		expect(run.error.message).toBe('The outcome of the charge is unknown');
		expect(posts()).toHaveLength(1);
		expect(calls()).toEqual([
			`GET ${tokenPath(token.tokenId)}`,
			'POST /v3/session',
			`GET ${tokenPath(token.tokenId)}`,
			`GET ${sessionPath(earlierId)}`,
		]);
		expect(t.fake.getToken(token.tokenId).chargeSessions.map((c) => c.sessionId)).toEqual([
			earlierId,
		]);
	});

	test('a 503 answer (Briqpay did not charge) is not re-sent: the token is read and the outcome reported unknown', async () => {
		const token = t.fake.seedToken({});
		t.fake.failNext({
			method: 'POST',
			path: '/v3/session',
			status: 503,
			headers: { 'Retry-After': '0' },
		});
		const run = await t.briqpay(charge(token.tokenId));
		expect(run.error.message).toBe('The outcome of the charge is unknown');
		expect(run.error.description).toMatch(
			/^Briqpay had a problem answering \(HTTP 503\)\. Reading the state back does not show the charge/,
		);
		expect(posts()).toHaveLength(1);
		expect(calls()).toEqual([
			`GET ${tokenPath(token.tokenId)}`,
			'POST /v3/session',
			`GET ${tokenPath(token.tokenId)}`,
		]);
		expect(t.fake.getToken(token.tokenId).chargeSessions).toEqual([]);
	});

	test('with Continue On Fail the unknown outcome is an error item paired with its input; other items go on', async () => {
		const token = t.fake.seedToken({});
		t.fake.failNext({ method: 'POST', path: '/v3/session', mode: 'dropBeforeWork' });
		const run = await t.briqpay(charge('={{ $json.tokenId }}'), {
			items: [{ json: { tokenId: token.tokenId } }, { json: { tokenId: token.tokenId } }],
			continueOnFail: true,
		});

		expect(run.status).toBe('success');
		expect(posts()).toHaveLength(2);
		expect(calls()).toEqual([
			`GET ${tokenPath(token.tokenId)}`,
			'POST /v3/session',
			`GET ${tokenPath(token.tokenId)}`,
			`GET ${tokenPath(token.tokenId)}`,
			'POST /v3/session',
		]);
		const [charged] = t.fake.getToken(token.tokenId).chargeSessions;
		expect(t.fake.getToken(token.tokenId).chargeSessions).toHaveLength(1);
		expect(run.items).toEqual([
			{
				json: {
					error: 'The outcome of the charge is unknown',
					description: expect.stringContaining(
						`Open token ${token.tokenId} in Briqpay and look for a charge of 28000 SEK`,
					),
				},
				pairedItem: { item: 0 },
			},
			{
				json: expect.objectContaining({ sessionId: charged.sessionId, tokenId: token.tokenId }),
				pairedItem: { item: 1 },
			},
		]);
		expect(run.items[1].json.reconciled).toBeUndefined();
	});
});

describe('overlapping runs of the same recharge (Briqpay has no idempotency key)', () => {
	/** Runs two executions at once against a slow Briqpay, so both pass the guard before either charges. */
	async function overlapping(params) {
		t.fake.latencyMs = 400;
		try {
			return await Promise.all([t.briqpay(params), t.briqpay(params)]);
		} finally {
			t.fake.latencyMs = 0;
		}
	}

	test('both charge, and both items name the other charge and say what to do', async () => {
		const token = t.fake.seedToken({});
		const runs = await overlapping(guarded(token.tokenId, '2026-11'));

		// What Briqpay saw: two charges with the same Charge Reference (nothing could refuse the second).
		expect(posts()).toHaveLength(2);
		const charges = chargesOf(token.tokenId);
		expect(charges.map((c) => c.references.chargeReference)).toEqual(['2026-11', '2026-11']);
		const ids = charges.map((c) => c.sessionId);

		// What the workflow sees: each item is one charge and lists the other one.
		const items = runs.map((run) => {
			expect(run.error).toBeUndefined();
			expect(run.items).toHaveLength(1);
			expect(run.items[0].pairedItem).toEqual({ item: 0 });
			return run.items[0].json;
		});
		expect(items.map((i) => i.sessionId).sort()).toEqual([...ids].sort());
		for (const item of items) {
			const other = ids.find((id) => id !== item.sessionId);
			expect(item).toMatchObject({
				alreadyCharged: false,
				chargeReference: '2026-11',
				tokenId: token.tokenId,
			});
			expect(item.duplicateCharges).toEqual([
				{
					sessionId: other,
					orderStatus: 'order_approved_not_captured',
					amountIncVat: 28000,
					currency: 'SEK',
					createdAt: expect.any(String),
				},
			]);
			expect(item.warning).toBe(
				`Token ${token.tokenId} was charged more than once with Charge Reference "2026-11": this charge and ${other}. ` +
					'Another run charged it at the same time. Refund all but one (Briqpay → Order → Refund), and let one run charge at a time.',
			);
		}
		// Each run read the token again after its charge.
		const tokenReads = t
			.requests()
			.filter((r) => r.method === 'GET' && r.path === tokenPath(token.tokenId));
		expect(tokenReads).toHaveLength(4);
	});

	test('a run after the overlap finds a charge and charges nobody', async () => {
		const token = t.fake.seedToken({});
		await overlapping(guarded(token.tokenId, '2026-11'));
		t.fake.clearRequests();
		const next = await t.briqpay(guarded(token.tokenId, '2026-11'));
		expect(posts()).toEqual([]);
		expect(next.items[0].json).toMatchObject({ alreadyCharged: true });
		expect(next.items[0].json.warning).toBeUndefined();
		expect(chargesOf(token.tokenId)).toHaveLength(2);
	});

	test('an earlier charge with another Charge Reference, or a rejected one, is no duplicate', async () => {
		const token = t.fake.seedToken({ chargeOutcome: 'rejected' });
		await t.briqpay(guarded(token.tokenId, '2026-11'));
		t.fake.setTokenMeta(token.tokenId, { chargeOutcome: 'approved' });
		await t.briqpay(guarded(token.tokenId, '2026-10'));
		t.fake.clearRequests();

		const run = await t.briqpay(guarded(token.tokenId, '2026-11'));
		expect(posts()).toHaveLength(1);
		expect(run.items[0].json).toMatchObject({ alreadyCharged: false, duplicateCharges: [] });
		expect(run.items[0].json.warning).toBeUndefined();
		// The sessions read by the guard before charging are not read again afterwards.
		const earlier = chargesOf(token.tokenId)
			.slice(0, 2)
			.map((c) => sessionPath(c.sessionId));
		const seen = calls();
		expect(seen).toHaveLength(5);
		expect(seen[0]).toBe(`GET ${tokenPath(token.tokenId)}`);
		expect(seen.slice(1, 3).sort()).toEqual(earlier.map((p) => `GET ${p}`).sort());
		expect(seen.slice(3)).toEqual(['POST /v3/session', `GET ${tokenPath(token.tokenId)}`]);
	});

	test('when the check after the charge cannot read the token, the charge is still reported, with a warning', async () => {
		const token = t.fake.seedToken({});
		// The guard's read goes through; the one after the charge fails (and its retries too).
		t.fake.failNext({
			method: 'GET',
			path: tokenPath(token.tokenId),
			status: 404,
			skip: 1,
			body: { error: { code: 'NOT_FOUND', message: 'Token not found' } },
		});
		const run = await t.briqpay(guarded(token.tokenId, '2026-11'));
		expect(run.error).toBeUndefined();
		expect(posts()).toHaveLength(1);
		const [charged] = chargesOf(token.tokenId);
		expect(run.items[0].json).toMatchObject({
			sessionId: charged.sessionId,
			alreadyCharged: false,
		});
		expect(run.items[0].json.duplicateCharges).toBeUndefined();
		expect(run.items[0].json.warning).toMatch(
			new RegExp(
				`^Charged, but could not check whether another run charged token ${token.tokenId} with Charge Reference "2026-11" at the same time \\(.+\\)\\. Open the token in Briqpay and refund any second charge with this Charge Reference\\.$`,
			),
		);
	});
});
