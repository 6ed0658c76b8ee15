'use strict';

/**
 * Briqpay Trigger through n8n-core's real webhook and hook contexts, against the fake Briqpay.
 * Hooks are unauthenticated: nothing may be emitted that the session read does not confirm.
 */
const crypto = require('node:crypto');
const http = require('node:http');

const { setup, SECRET, everythingSeen } = require('./helpers');

const t = setup();
const WEBHOOK_ID = '5b1c2d3e-4f50-4a6b-8c7d-9e0f1a2b3c4d';
const SIGNING_SECRET = 'whsec-briqpay-test';

const triggerNode = (parameters = {}, typeVersion = undefined) => ({
	type: 'briqpayTrigger',
	name: 'Briqpay Trigger',
	typeVersion,
	webhookId: WEBHOOK_ID,
	parameters: {
		events: ['session_status', 'order_status', 'capture_status', 'refund_status'],
		statusFilters: {},
		options: {},
		...parameters,
	},
});

/** Delivers one hook to the trigger like Briqpay does: JSON body for POST, query for GET. */
function deliver(
	payload,
	{ method = 'POST', headers = {}, rawBody, parameters, staticData, credentials, typeVersion } = {},
) {
	const request =
		method === 'GET'
			? { method, headers, query: payload, body: {} }
			: {
					method,
					headers: { 'content-type': 'application/json', ...headers },
					query: {},
					body: typeof payload === 'string' ? {} : payload,
					rawBody: rawBody ?? (typeof payload === 'string' ? payload : JSON.stringify(payload)),
				};
	return t.harness.runWebhook({
		node: triggerNode(parameters, typeVersion),
		credentials: credentials ?? t.credentials,
		webhookName: 'default',
		request,
		staticData,
	});
}

const sign = (raw, at = Date.now(), secret = SIGNING_SECRET) =>
	`t=${at},s1=${crypto.createHmac('sha256', secret).update(`${at}.${raw}`).digest('base64')}`;

const approvedSession = () =>
	t.fake.seedSession({
		status: 'completed',
		orderStatus: 'order_approved_not_captured',
		references: { reference1: 'ORDER-9' },
	});

describe('confirmed events are emitted, built from the session read', () => {
	test('POST order_status that the session confirms', async () => {
		const session = approvedSession();
		const res = await deliver({
			event: 'order_status',
			status: 'order_approved_not_captured',
			sessionId: session.sessionId,
			references: { reference1: 'FORGED' },
		});
		expect(res.statusCode).toBe(200);
		expect(res.emitted).toHaveLength(1);
		const item = res.emitted[0].json;
		expect(item).toMatchObject({
			event: 'order_status',
			status: 'order_approved_not_captured',
			confirmed: true,
			sessionId: session.sessionId,
			eventKey: `${session.sessionId}:order_status:order_approved_not_captured`,
			session: {
				sessionId: session.sessionId,
				orderStatus: 'order_approved_not_captured',
				references: { reference1: 'ORDER-9' },
				amountIncVat: session.data.order.amountIncVat,
			},
		});
		// ready for an alert without a Code node (no back-office link behind a Custom URL)
		expect(item).toMatchObject({
			orderReference: 'ORDER-9',
			amount: `${(session.data.order.amountIncVat / 100).toFixed(2)} ${session.data.order.currency}`,
			statusLabel: 'Order approved, not captured',
			paymentMethod: session.data.transactions[0].pspDisplayName,
		});
		expect(item.paymentMethod).toEqual(expect.any(String));
		expect(item).not.toHaveProperty('backOfficeUrl');
		expect(JSON.stringify(item)).not.toContain('clientToken');
		expect(new Date(item.receivedAt).getTime()).toBeGreaterThan(Date.now() - 60000);
		// the claim's own extra fields are not trusted
		expect(JSON.stringify(item)).not.toContain('FORGED');
		// one read of only the needed fields, with the credential
		const [read] = t.requests();
		expect(t.requests()).toHaveLength(1);
		expect(read.method).toBe('GET');
		expect(read.path).toBe(`/v3/session/${session.sessionId}`);
		expect(read.query.fields.split(',')).toEqual(
			expect.arrayContaining(['status', 'moduleStatus', 'data', 'references']),
		);
		expect(read.query.fields).not.toMatch(/clientToken|htmlSnippet/);
		expect(read.headers.authorization).toMatch(/^Basic /);
		// the caller learns nothing about the session
		expect(JSON.stringify(res.body)).not.toContain('ORDER-9');
	});

	test('GET hooks (query parameters) work on the same URL', async () => {
		const session = t.fake.seedSession({ status: 'completed' });
		const res = await deliver(
			{ event: 'session_status', status: 'completed', sessionId: session.sessionId },
			{ method: 'GET' },
		);
		expect(res.statusCode).toBe(200);
		expect(res.emitted.map((i) => i.json)).toEqual([
			expect.objectContaining({ event: 'session_status', status: 'completed', confirmed: true }),
		]);
	});

	test('capture and refund events are confirmed by their ids in data.captures / data.refunds', async () => {
		const captureId = crypto.randomUUID();
		const refundId = crypto.randomUUID();
		const session = t.fake.seedSession({
			status: 'completed',
			orderStatus: 'captured_full',
			captures: [{ captureId, status: 'captured' }],
			refunds: [{ refundId, parentCaptureId: captureId, status: 'refunded' }],
		});
		const capture = await deliver({
			event: 'capture_status',
			status: 'approved',
			sessionId: session.sessionId,
			captureId,
			autoCaptured: false,
		});
		expect(capture.emitted[0].json).toMatchObject({
			event: 'capture_status',
			status: 'approved',
			confirmed: true,
			captureId,
			eventKey: `${session.sessionId}:capture_status:approved:${captureId}`,
		});
		// the capture the event is about, picked out of the session, and the status in words
		expect(capture.emitted[0].json).toMatchObject({
			statusLabel: 'Capture approved',
			capture: { captureId, status: 'captured' },
		});
		const refund = await deliver({
			event: 'refund_status',
			status: 'approved',
			sessionId: session.sessionId,
			refundId,
		});
		expect(refund.emitted[0].json).toMatchObject({
			event: 'refund_status',
			status: 'approved',
			confirmed: true,
			refundId,
			eventKey: `${session.sessionId}:refund_status:approved:${refundId}`,
		});
		expect(refund.emitted[0].json).toMatchObject({
			statusLabel: 'Refund approved',
			refund: { refundId, parentCaptureId: captureId },
		});
	});

	test('raw sessions on request (no fields filter)', async () => {
		const session = approvedSession();
		const res = await deliver(
			{
				event: 'order_status',
				status: 'order_approved_not_captured',
				sessionId: session.sessionId,
			},
			{ parameters: { options: { simplify: false } } },
		);
		expect(t.requests()[0].query).toEqual({});
		expect(res.emitted[0].json.session).toEqual(t.fake.getSession(session.sessionId));
	});
});

describe('version 1 (workflows saved before version 2) behaves the same', () => {
	test('new nodes are version 2, and the other tests run it', () => {
		expect(
			t.harness.nodeTypes.latestVersion(t.harness.nodeTypes.resolveTypeName('briqpayTrigger')),
		).toBe(2);
	});

	test('POST and GET hooks are confirmed and emitted', async () => {
		const session = approvedSession();
		const claim = {
			event: 'order_status',
			status: 'order_approved_not_captured',
			sessionId: session.sessionId,
		};
		const post = await deliver(claim, { typeVersion: 1 });
		expect(post.statusCode).toBe(200);
		expect(post.emitted.map((i) => i.json)).toEqual([
			expect.objectContaining({ confirmed: true, sessionId: session.sessionId }),
		]);
		const other = approvedSession();
		const get = await deliver(
			{ ...claim, sessionId: other.sessionId },
			{ method: 'GET', typeVersion: 1 },
		);
		expect(get.emitted.map((i) => i.json.sessionId)).toEqual([other.sessionId]);
		expect(t.requests().map((r) => `${r.method} ${r.path}`)).toEqual([
			`GET /v3/session/${session.sessionId}`,
			`GET /v3/session/${other.sessionId}`,
		]);
	});

	test('any body is read, so a non-JSON one gets 400', async () => {
		const res = await deliver('<html></html>', {
			headers: { 'content-type': 'text/html' },
			typeVersion: 1,
		});
		expect(res.statusCode).toBe(400);
		expect(t.requests()).toHaveLength(0);
	});
});

describe('claims the session contradicts are dropped', () => {
	test('a forged "approved" for a pending order', async () => {
		const session = t.fake.seedSession({ status: 'completed', orderStatus: 'order_pending' });
		const res = await deliver({
			event: 'order_status',
			status: 'order_approved_not_captured',
			sessionId: session.sessionId,
		});
		expect(res.statusCode).toBe(200);
		expect(res.emitted).toEqual([]);
		expect(res.workflowData).toBeUndefined();
	});

	test('a forged captureId', async () => {
		const session = t.fake.seedSession({
			status: 'completed',
			orderStatus: 'captured_full',
			captures: [{ captureId: crypto.randomUUID(), status: 'captured' }],
		});
		const res = await deliver({
			event: 'capture_status',
			status: 'approved',
			sessionId: session.sessionId,
			captureId: crypto.randomUUID(),
		});
		expect(res.statusCode).toBe(200);
		expect(res.emitted).toEqual([]);
	});

	test('…or emitted as confirmed: false with the actual state, when the user asks for it', async () => {
		const session = t.fake.seedSession({ status: 'completed', orderStatus: 'order_pending' });
		const res = await deliver(
			{
				event: 'order_status',
				status: 'order_approved_not_captured',
				sessionId: session.sessionId,
			},
			{ parameters: { options: { includeUnconfirmed: true } } },
		);
		expect(res.emitted[0].json).toMatchObject({
			confirmed: false,
			status: 'order_pending',
			claimedStatus: 'order_approved_not_captured',
			// its own key: a forged claim never takes the key of the real event
			eventKey: `${session.sessionId}:order_status:order_approved_not_captured:unconfirmed`,
		});
	});
});

describe('malformed hooks: 400, no execution, no API call', () => {
	test.each([
		[
			'a path-like sessionId',
			{ event: 'order_status', status: 'order_pending', sessionId: '../token/x' },
		],
		['a missing sessionId', { event: 'order_status', status: 'order_pending' }],
		[
			'a malformed event name',
			{ event: 'Order Status!', status: 'x', sessionId: crypto.randomUUID() },
		],
		['no event', { status: 'completed', sessionId: crypto.randomUUID() }],
		[
			'a capture event without captureId',
			{ event: 'capture_status', status: 'approved', sessionId: crypto.randomUUID() },
		],
		[
			'a malformed refundId',
			{
				event: 'refund_status',
				status: 'approved',
				sessionId: crypto.randomUUID(),
				refundId: '1 OR 1=1',
			},
		],
	])('%s', async (_label, payload) => {
		const res = await deliver(payload);
		expect(res.statusCode).toBe(400);
		expect(res.emitted).toEqual([]);
		expect(t.requests()).toHaveLength(0);
	});

	test('an event type the trigger does not know (Briqpay adds events): 200, logged once in plain words, nothing read or started', async () => {
		const first = await deliver({
			event: 'module_ui_status',
			status: 'ready',
			sessionId: crypto.randomUUID(),
		});
		const again = await deliver({
			event: 'module_ui_status',
			status: 'closed',
			sessionId: crypto.randomUUID(),
		});
		expect([first.statusCode, again.statusCode]).toEqual([200, 200]);
		expect(first.body).toEqual({ received: true, ignored: 'unknown event type' });
		expect([...first.emitted, ...again.emitted]).toEqual([]);
		expect(t.requests()).toHaveLength(0);
		expect(JSON.stringify(first.logs)).toMatch(
			/"module_ui_status\\?" event, a type it does not handle. It answered 200/,
		);
		expect(JSON.stringify(again.logs)).not.toMatch(/module_ui_status/);
	});

	test('a body that is not JSON', async () => {
		const res = await deliver('event=order_status&status=x', {
			headers: { 'content-type': 'text/plain' },
		});
		expect(res.statusCode).toBe(400);
		expect(t.requests()).toHaveLength(0);
	});

	test('a body n8n does not read for version 2 (Content-Type text/html): 415 that says to send JSON', async () => {
		const payload = {
			event: 'order_status',
			status: 'order_approved_not_captured',
			sessionId: approvedSession().sessionId,
		};
		const res = await deliver(payload, { headers: { 'content-type': 'text/html' } });
		expect(res.statusCode).toBe(415);
		expect(res.body).toMatchObject({
			error: expect.stringMatching(/Content-Type: application\/json/),
		});
		expect(res.emitted).toEqual([]);
		expect(t.requests()).toHaveLength(0);
	});

	test('an oversized body', async () => {
		const payload = {
			event: 'order_status',
			status: 'order_pending',
			sessionId: crypto.randomUUID(),
			padding: 'x'.repeat(70 * 1024),
		};
		const res = await deliver(payload);
		expect(res.statusCode).toBe(400);
		expect(t.requests()).toHaveLength(0);
	});

	test('an unknown session: 404', async () => {
		const res = await deliver({
			event: 'session_status',
			status: 'completed',
			sessionId: crypto.randomUUID(),
		});
		expect(res.statusCode).toBe(404);
		expect(res.emitted).toEqual([]);
		expect(t.requests()).toHaveLength(1);
	});
});

describe('signing secret', () => {
	const withSecret = { options: { signingSecret: SIGNING_SECRET } };
	const payload = () => ({
		event: 'session_status',
		status: 'completed',
		sessionId: t.fake.seedSession({ status: 'completed' }).sessionId,
	});

	test('a good signature passes', async () => {
		const body = payload();
		const raw = JSON.stringify(body);
		const res = await deliver(body, {
			rawBody: raw,
			headers: { 'x-briq-signature': sign(raw) },
			parameters: withSecret,
		});
		expect(res.statusCode).toBe(200);
		expect(res.emitted).toHaveLength(1);
	});

	test.each([
		['no signature', () => ({})],
		['a wrong signature', (raw) => ({ 'x-briq-signature': sign(raw, Date.now(), 'other-secret') })],
		['a signature of another body', () => ({ 'x-briq-signature': sign('{"event":"x"}') })],
		[
			'a stale timestamp',
			(raw) => ({ 'x-briq-signature': sign(raw, Date.now() - 10 * 60 * 1000) }),
		],
		['garbage', () => ({ 'x-briq-signature': 'hello' })],
	])('%s: 401, nothing read or started', async (_label, headersFor) => {
		const body = payload();
		const raw = JSON.stringify(body);
		const res = await deliver(body, {
			rawBody: raw,
			headers: headersFor(raw),
			parameters: withSecret,
		});
		expect(res.statusCode).toBe(401);
		expect(res.emitted).toEqual([]);
		expect(t.requests()).toHaveLength(0);
		expect(JSON.stringify(res.body)).not.toContain(SIGNING_SECRET);
	});

	const CREDENTIAL_SECRET = 'whsec-from-the-credential';
	const withCredentialSecret = () => ({
		briqpayApi: { ...t.credentials.briqpayApi, webhookSigningSecret: CREDENTIAL_SECRET },
	});

	test('the secret can live in the credential (encrypted by n8n): signed hooks pass, unsigned ones are refused', async () => {
		const good = payload();
		const raw = JSON.stringify(good);
		const ok = await deliver(good, {
			rawBody: raw,
			headers: { 'x-briq-signature': sign(raw, Date.now(), CREDENTIAL_SECRET) },
			credentials: withCredentialSecret(),
		});
		expect(ok.statusCode).toBe(200);
		expect(ok.emitted).toHaveLength(1);
		const unsigned = await deliver(payload(), { credentials: withCredentialSecret() });
		expect(unsigned.statusCode).toBe(401);
		expect(unsigned.emitted).toEqual([]);
		expect(t.requests()).toHaveLength(1);
		expect(
			everythingSeen(ok) +
				everythingSeen(unsigned) +
				JSON.stringify([ok.body, unsigned.body, ok.staticData]),
		).not.toContain(CREDENTIAL_SECRET);
	});

	test("the node's own Signing Secret option (older workflows) overrides the credential's", async () => {
		const body = payload();
		const raw = JSON.stringify(body);
		const byCredential = await deliver(body, {
			rawBody: raw,
			headers: { 'x-briq-signature': sign(raw, Date.now(), CREDENTIAL_SECRET) },
			parameters: withSecret,
			credentials: withCredentialSecret(),
		});
		expect(byCredential.statusCode).toBe(401);
		const byOption = await deliver(body, {
			rawBody: raw,
			headers: { 'x-briq-signature': sign(raw) },
			parameters: withSecret,
			credentials: withCredentialSecret(),
		});
		expect(byOption.statusCode).toBe(200);
		expect(byOption.emitted).toHaveLength(1);
		expect(everythingSeen(byOption) + JSON.stringify(byCredential.body)).not.toContain(
			CREDENTIAL_SECRET,
		);
	});

	test('the signature is checked on the raw body, not on re-serialised JSON', async () => {
		const body = payload();
		const raw = `{ "event": "session_status",  "status": "completed", "sessionId": "${body.sessionId}" }`;
		const res = await deliver(body, {
			rawBody: raw,
			headers: { 'x-briq-signature': sign(raw) },
			parameters: withSecret,
		});
		expect(res.statusCode).toBe(200);
		expect(res.emitted).toHaveLength(1);
	});
});

describe('when the session cannot be read: 503, nothing emitted, redelivery succeeds', () => {
	test('Briqpay API down', async () => {
		const session = approvedSession();
		const hook = {
			event: 'order_status',
			status: 'order_approved_not_captured',
			sessionId: session.sessionId,
		};
		t.fake.failNext({
			method: 'GET',
			path: `/v3/session/${session.sessionId}`,
			status: 500,
			headers: { 'Retry-After': '0' },
			times: 2,
		});
		const first = await deliver(hook);
		expect(first.statusCode).toBe(503);
		expect(first.emitted).toEqual([]);
		expect(t.requests().map((r) => r.status)).toEqual([500, 500]);
		const again = await deliver(hook);
		expect(again.statusCode).toBe(200);
		expect(again.emitted).toHaveLength(1);
	});

	test.each([
		['a dropped connection', { mode: 'dropBeforeWork' }],
		['rate limiting', { status: 429, headers: { 'Retry-After': '0' } }],
	])('%s: 503, nothing emitted', async (_label, failure) => {
		const session = approvedSession();
		t.fake.failNext({
			method: 'GET',
			path: `/v3/session/${session.sessionId}`,
			times: 2,
			...failure,
		});
		const res = await deliver({
			event: 'order_status',
			status: 'order_approved_not_captured',
			sessionId: session.sessionId,
		});
		expect(res.statusCode).toBe(503);
		expect(res.emitted).toEqual([]);
		expect(t.requests()).toHaveLength(2);
	});

	test('wrong keys: 503 and a log line the user can act on, without the secret', async () => {
		const session = approvedSession();
		const credentials = {
			briqpayApi: { ...t.credentials.briqpayApi, username: 'production-user' },
		};
		const res = await deliver(
			{
				event: 'order_status',
				status: 'order_approved_not_captured',
				sessionId: session.sessionId,
			},
			{ credentials },
		);
		expect(res.statusCode).toBe(503);
		expect(res.emitted).toEqual([]);
		const logged = JSON.stringify(res.logs);
		expect(logged).toMatch(/INVALID_API_KEY/);
		expect(logged).toMatch(/Playground and Production keys differ/);
		expect(everythingSeen(res) + JSON.stringify(res.body)).not.toContain(SECRET);
	});
});

describe('duplicates and filters', () => {
	test('a redelivery within the window starts no second execution', async () => {
		const session = approvedSession();
		const hook = {
			event: 'order_status',
			status: 'order_approved_not_captured',
			sessionId: session.sessionId,
		};
		const first = await deliver(hook, { staticData: {} });
		const second = await deliver(hook, { staticData: first.staticData });
		expect(first.emitted).toHaveLength(1);
		expect(second.statusCode).toBe(200);
		expect(second.emitted).toEqual([]);
	});

	test('concurrent identical deliveries start one execution', async () => {
		const session = approvedSession();
		const hook = {
			event: 'order_status',
			status: 'order_approved_not_captured',
			sessionId: session.sessionId,
		};
		t.fake.latencyMs = 50;
		try {
			const results = await Promise.all([
				deliver(hook, { staticData: {} }),
				deliver(hook, { staticData: {} }),
				deliver(hook, { staticData: {} }),
			]);
			expect(results.map((r) => r.statusCode)).toEqual([200, 200, 200]);
			expect(results.flatMap((r) => r.emitted)).toHaveLength(1);
		} finally {
			t.fake.latencyMs = 0;
		}
	});

	test('a forged claim does not block the real event that follows', async () => {
		const session = t.fake.seedSession({ status: 'completed', orderStatus: 'order_pending' });
		const hook = {
			event: 'order_status',
			status: 'order_approved_not_captured',
			sessionId: session.sessionId,
		};
		const forged = await deliver(hook, { staticData: {} });
		expect(forged.emitted).toEqual([]);
		await t.fake.transition(session.sessionId, 'approve');
		const real = await deliver(hook, { staticData: forged.staticData });
		expect(real.emitted).toHaveLength(1);
	});

	test('events the user did not choose: 200, no API call', async () => {
		const session = approvedSession();
		const res = await deliver(
			{
				event: 'order_status',
				status: 'order_approved_not_captured',
				sessionId: session.sessionId,
			},
			{ parameters: { events: ['capture_status'] } },
		);
		expect(res.statusCode).toBe(200);
		expect(res.emitted).toEqual([]);
		expect(t.requests()).toHaveLength(0);
	});

	test('status filters apply to the confirmed status', async () => {
		const session = approvedSession();
		const hook = {
			event: 'order_status',
			status: 'order_approved_not_captured',
			sessionId: session.sessionId,
		};
		const filtered = await deliver(hook, {
			parameters: { statusFilters: { order_statusStatuses: ['order_cancelled'] } },
		});
		expect(filtered.emitted).toEqual([]);
		const kept = await deliver(hook, {
			parameters: { statusFilters: { order_statusStatuses: ['order_approved_not_captured'] } },
		});
		expect(kept.emitted).toHaveLength(1);
	});
});

describe('lifecycle: the URL is recorded in the workflow static data', () => {
	test('create → checkExists → delete', async () => {
		const node = triggerNode();
		const before = await t.harness.runWebhookMethod({
			node,
			credentials: t.credentials,
			method: 'checkExists',
			staticData: {},
		});
		expect(before.result).toBe(false);
		const created = await t.harness.runWebhookMethod({
			node,
			credentials: t.credentials,
			method: 'create',
			staticData: before.staticData,
		});
		expect(created.result).toBe(true);
		expect(created.nodeStaticData.webhookUrl).toBe(
			`http://127.0.0.1:5678/webhook/${WEBHOOK_ID}/webhook`,
		);
		const exists = await t.harness.runWebhookMethod({
			node,
			credentials: t.credentials,
			method: 'checkExists',
			staticData: created.staticData,
		});
		expect(exists.result).toBe(true);
		const deleted = await t.harness.runWebhookMethod({
			node,
			credentials: t.credentials,
			method: 'delete',
			staticData: exists.staticData,
		});
		expect(deleted.result).toBe(true);
		expect(deleted.nodeStaticData.webhookUrl).toBeUndefined();
	});
});

describe('driven by the fake Briqpay sending real hooks', () => {
	let bridge;
	let bridgeUrl;
	const emitted = [];
	let staticData = {};

	beforeAll(async () => {
		// A tiny HTTP front for the trigger: what n8n's webhook server does, one request at a time.
		bridge = http.createServer((req, res) => {
			const chunks = [];
			req.on('data', (c) => chunks.push(c));
			req.on('end', async () => {
				const url = new URL(req.url, 'http://127.0.0.1');
				const raw = Buffer.concat(chunks).toString('utf8');
				const out = await t.harness.runWebhook({
					node: triggerNode(),
					credentials: t.credentials,
					webhookName: 'default',
					request: {
						method: req.method,
						headers: req.headers,
						query: Object.fromEntries(url.searchParams),
						body: req.method === 'GET' || !raw ? {} : JSON.parse(raw),
						rawBody: raw,
					},
					staticData,
				});
				staticData = out.staticData;
				emitted.push(...out.emitted.map((i) => i.json));
				res.writeHead(out.statusCode, { 'content-type': 'application/json' });
				res.end(JSON.stringify(out.body ?? {}));
			});
		});
		await new Promise((resolve) => bridge.listen(0, '127.0.0.1', resolve));
		bridgeUrl = `http://127.0.0.1:${bridge.address().port}/webhook/${WEBHOOK_ID}/webhook`;
	});
	afterAll(() => new Promise((resolve) => bridge.close(resolve)));

	test('a session created with the trigger URL as hooks reports its completion (POST) and approval (GET)', async () => {
		const run = await t.briqpay({
			resource: 'session',
			operation: 'create',
			intent: 'payment_one_time',
			customerType: 'business',
			country: 'SE',
			locale: 'sv-se',
			redirectUrl: 'https://shop.example.com/thanks',
			termsUrl: 'https://shop.example.com/terms',
			orderInput: 'lines',
			currency: 'SEK',
			cartLines: {
				line: [
					{
						productType: 'physical',
						name: 'Chair',
						reference: 'CH-1',
						quantity: 1,
						quantityUnit: 'pcs',
						unitPrice: 100000,
						taxRate: 2500,
					},
				],
			},
			hooks: {
				hook: [
					{ url: bridgeUrl, eventType: 'session_status', statuses: ['all'], method: 'POST' },
					{ url: bridgeUrl, eventType: 'order_status', statuses: ['all'], method: 'GET' },
				],
			},
		});
		const { sessionId } = run.items[0].json;
		await t.fake.transition(sessionId, 'complete', { orderStatus: 'order_pending' });
		await t.fake.transition(sessionId, 'approve');
		const mine = emitted.filter((e) => e.sessionId === sessionId);
		expect(mine.map((e) => [e.event, e.status, e.confirmed])).toEqual([
			['session_status', 'completed', true],
			['order_status', 'order_pending', true],
			['order_status', 'order_approved_not_captured', true],
		]);
		const deliveries = t.fake.hookDeliveries.filter((d) => d.url.startsWith(bridgeUrl));
		expect(deliveries.map((d) => d.method)).toEqual(expect.arrayContaining(['POST', 'GET']));
		expect(deliveries.every((d) => d.statusCode === 200)).toBe(true);
	});
});
