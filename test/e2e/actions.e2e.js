'use strict';

/**
 * The Briqpay action node inside a real n8n: workflows created over n8n's REST API and run like
 * the editor's "Execute workflow" button. Every result is read back from n8n's execution records,
 * and checked against what the Briqpay stand-in received.
 */
const {
	state,
	control,
	restClient,
	saveTranscript,
	secretsIn,
	fakeRequests,
	nodeOutput,
	executionError,
	nowIso,
} = require('./helpers');
const { briqpay, manualWorkflow, WRONG_CREDENTIAL } = require('./workflows');

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const basicAuth = (secret) =>
	`Basic ${Buffer.from(`${state.username}:${secret}`).toString('base64')}`;

const coffee = (quantity) => ({
	productType: 'physical',
	reference: 'SKU-1',
	name: 'Coffee beans 1 kg',
	quantity,
	quantityUnit: 'pcs',
	unitPrice: 12500,
	taxRate: 1200,
	discountPercentage: 0,
});

let rest;

beforeAll(async () => {
	rest = await restClient();
});

afterAll(() => saveTranscript('actions.e2e.js'));

/** Creates the workflow in n8n, runs it from "Start", returns the finished execution. */
async function run(name, nodes) {
	const workflow = await rest.createWorkflow(manualWorkflow(name, nodes));
	const execution = await rest.runAndWait(workflow.id, 'Start');
	expect(execution.mode).toBe('manual');
	expect(execution.workflowId).toBe(workflow.id);
	return execution;
}

describe('session create → get → update', () => {
	test('each step runs in n8n and reaches Briqpay as the API expects', async () => {
		const since = nowIso();
		const execution = await run('e2e: session create get update', [
			briqpay('Create', {
				resource: 'session',
				operation: 'create',
				intent: 'payment_one_time',
				customerType: 'consumer',
				country: 'SE',
				locale: 'sv-se',
				redirectUrl: 'https://shop.example.com/thank-you',
				termsUrl: 'https://shop.example.com/terms',
				orderInput: 'lines',
				currency: 'SEK',
				cartLines: { line: [coffee(2)] },
				references: { reference: [{ key: 'reference1', value: 'E2E-CGU-1' }] },
				simplify: true,
				options: {},
			}),
			briqpay('Get', {
				resource: 'session',
				operation: 'get',
				sessionId: '={{ $json.sessionId }}',
				simplify: true,
			}),
			briqpay('Update', {
				resource: 'session',
				operation: 'update',
				sessionId: "={{ $('Get').item.json.sessionId }}",
				orderInput: 'lines',
				currency: 'SEK',
				cartLines: { line: [coffee(3)] },
				simplify: true,
				options: {},
			}),
		]);

		expect(executionError(execution)).toBeUndefined();
		expect(execution.status).toBe('success');
		const [created] = nodeOutput(execution, 'Create');
		const [read] = nodeOutput(execution, 'Get');
		const [updated] = nodeOutput(execution, 'Update');
		expect(created.sessionId).toMatch(UUID);
		expect(created).toMatchObject({
			status: 'started',
			currency: 'SEK',
			amountExVat: 25000,
			amountIncVat: 28000,
		});
		expect(created.references).toEqual({ reference1: 'E2E-CGU-1' });
		expect(read).toMatchObject({
			sessionId: created.sessionId,
			status: 'started',
			amountIncVat: 28000,
		});
		expect(updated).toMatchObject({
			sessionId: created.sessionId,
			amountExVat: 37500,
			amountIncVat: 42000,
		});

		const requests = (await fakeRequests({ since })).filter((r) =>
			r.path.startsWith('/v3/session'),
		);
		expect(requests.map((r) => `${r.method} ${r.path}`)).toEqual([
			'POST /v3/session',
			`GET /v3/session/${created.sessionId}`,
			`PATCH /v3/session/${created.sessionId}`,
		]);
		expect(requests.map((r) => r.status)).toEqual([201, 200, 200]);
		for (const r of requests) expect(r.headers.authorization).toBe(basicAuth(state.secret));
		expect(requests[0].body).toMatchObject({
			product: { type: 'payment', intent: 'payment_one_time' },
			customerType: 'consumer',
			country: 'SE',
			references: { reference1: 'E2E-CGU-1' },
			data: { order: { currency: 'SEK', amountExVat: 25000, amountIncVat: 28000 } },
		});
		expect(requests[2].body.data.order.cart[0].quantity).toBe(3);
		// Briqpay itself holds the update.
		expect((await control.session(created.sessionId)).data.order.amountIncVat).toBe(42000);
	});
});

describe('order capture → refund', () => {
	test('captures what is left, refunds an amount from that capture', async () => {
		const session = await control.seedSession({
			status: 'completed',
			references: { reference1: 'E2E-CAP-1' },
		});
		const total = session.data.order.amountIncVat;
		const since = nowIso();
		const execution = await run('e2e: capture then refund', [
			briqpay('Capture', {
				resource: 'order',
				operation: 'capture',
				sessionId: session.sessionId,
				captureScope: 'remaining',
			}),
			briqpay('Refund', {
				resource: 'order',
				operation: 'refund',
				sessionId: '={{ $json.sessionId }}',
				captureId: '={{ $json.captureId }}',
				refundBy: 'amount',
				refundAmount: 5000,
				refundTaxRate: 2500,
				refundName: 'Goodwill',
			}),
		]);

		expect(executionError(execution)).toBeUndefined();
		expect(execution.status).toBe('success');
		const [capture] = nodeOutput(execution, 'Capture');
		const [refund] = nodeOutput(execution, 'Refund');
		expect(capture).toMatchObject({ sessionId: session.sessionId, amountIncVat: total });
		expect(capture.captureId).toMatch(UUID);
		expect(refund).toMatchObject({ sessionId: session.sessionId, amountIncVat: 5000 });
		expect(refund.refundId).toMatch(UUID);

		const money = await fakeRequests({ since, method: 'POST', path: /\/order\/(capture|refund)$/ });
		expect(money.map((r) => r.path)).toEqual([
			`/v3/session/${session.sessionId}/order/capture`,
			`/v3/session/${session.sessionId}/order/refund`,
		]);
		expect(money[0].body.data.order.amountIncVat).toBe(total);
		expect(money[1].body).toMatchObject({
			captureId: capture.captureId,
			data: { order: { amountIncVat: 5000 } },
		});

		const after = await control.session(session.sessionId);
		expect(after.moduleStatus.payment.orderStatus).toBe('captured_full');
		expect(after.data.captures).toHaveLength(1);
		expect(after.data.refunds).toHaveLength(1);
		expect(after.data.refunds[0]).toMatchObject({
			parentCaptureId: capture.captureId,
			amountIncVat: 5000,
		});
	});
});

describe('errors are failed executions with readable messages', () => {
	test('Briqpay does not know the session', async () => {
		const unknown = '0b9c1e52-6f0a-4d7e-9b3c-000000000404';
		const execution = await run('e2e: unknown session', [
			briqpay('Get', { resource: 'session', operation: 'get', sessionId: unknown }),
		]);
		expect(execution.status).toBe('error');
		const error = executionError(execution);
		expect(error.node).toBe('Get');
		expect(error.message).toBe(`Briqpay has no session ${unknown} in the Custom URL environment`);
		expect(error.httpCode).toBe('404');
	});

	test('input that is not a Briqpay ID is refused before anything is sent', async () => {
		const since = nowIso();
		const execution = await run('e2e: bad session id', [
			briqpay('Get', { resource: 'session', operation: 'get', sessionId: 'ORDER-1001' }),
		]);
		expect(execution.status).toBe('error');
		const error = executionError(execution);
		expect(error.message).toBe('Session ID "ORDER-1001" is not a Briqpay ID');
		expect(error.description).toMatch(/looks like c5674f4f-/);
		expect(await fakeRequests({ since })).toEqual([]);
	});

	test('a capture Briqpay would refuse is refused with what to do, and nothing is captured', async () => {
		const since = nowIso();
		const execution = await run('e2e: capture pending order', [
			briqpay('Capture', {
				resource: 'order',
				operation: 'capture',
				sessionId: state.seeded.sessions.pending,
				captureScope: 'remaining',
			}),
		]);
		expect(execution.status).toBe('error');
		const error = executionError(execution);
		expect(error.message).toBe("This order can't be captured: its status is order_pending");
		expect(error.description).toMatch(/not approved the order yet/);
		expect(await fakeRequests({ since, method: 'POST' })).toEqual([]);
	});

	test("Briqpay's own refusal keeps its code and message", async () => {
		const since = nowIso();
		const execution = await run('e2e: update a completed session', [
			briqpay('Update', {
				resource: 'session',
				operation: 'update',
				sessionId: state.seeded.sessions.approved,
				billing: { city: 'Malmö' },
			}),
		]);
		expect(execution.status).toBe('error');
		const error = executionError(execution);
		expect(error.message).toBe('Briqpay does not allow this change any more (UPDATE_NOT_ALLOWED)');
		expect(error.description).toMatch(/completed session can no longer be updated/);
		const patches = await fakeRequests({ since, method: 'PATCH' });
		expect(patches).toHaveLength(1); // refused, not retried
		expect(patches[0].status).toBe(400);
	});

	test('a deactivated saved card is skipped with the reason; nothing is charged', async () => {
		const since = nowIso();
		const execution = await run('e2e: charge inactive token', [
			briqpay('Charge', {
				resource: 'token',
				operation: 'charge',
				tokenId: state.seeded.tokens.inactive,
				orderInput: 'lines',
				currency: 'SEK',
				cartLines: { line: [coffee(1)] },
				options: {},
			}),
		]);
		expect(executionError(execution)).toBeUndefined();
		expect(execution.status).toBe('success');
		expect(nodeOutput(execution, 'Charge')).toEqual([
			{
				tokenId: state.seeded.tokens.inactive,
				outcome: 'skipped',
				alreadyCharged: false,
				reason: expect.stringMatching(/inactive \(deactivated\).*save a new card/),
			},
		]);
		expect(await fakeRequests({ since, method: 'POST' })).toEqual([]);
	});
});

describe('Continue On Fail (node setting "On Error: Continue")', () => {
	test("a failed item becomes an error item with Briqpay's code; the other item goes on", async () => {
		const unknown = '0b9c1e52-6f0a-4d7e-9b3c-000000000405';
		const twoItems = {
			id: require('node:crypto').randomUUID(),
			name: 'Two sessions',
			type: 'n8n-nodes-base.code',
			typeVersion: 2,
			parameters: {
				jsCode: `return [{ json: { sessionId: '${state.seeded.sessions.open}' } }, { json: { sessionId: '${unknown}' } }];`,
			},
		};
		const get = {
			...briqpay('Get', {
				resource: 'session',
				operation: 'get',
				sessionId: '={{ $json.sessionId }}',
				simplify: true,
			}),
			onError: 'continueRegularOutput',
		};
		const execution = await run('e2e: continue on fail', [twoItems, get]);
		expect(executionError(execution)).toBeUndefined();
		expect(execution.status).toBe('success');
		const [found, failed] = nodeOutput(execution, 'Get');
		expect(found).toMatchObject({ sessionId: state.seeded.sessions.open, status: 'started' });
		expect(failed.error).toBe(`Briqpay has no session ${unknown} in the Custom URL environment`);
		expect(failed).toMatchObject({ httpCode: '404' });
		const runData = execution.data.resultData.runData.Get[0].data.main[0];
		expect(runData.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }]);
	});
});

describe('bad credentials', () => {
	test("the credential's Test fails with a readable message", async () => {
		const wrong = await rest.testCredential(WRONG_CREDENTIAL.id);
		expect(wrong.status).toBe('Error');
		expect(wrong.message).toMatch(
			/^Briqpay rejected the username and secret \(INVALID_CREDENTIALS\)/,
		);
		const right = await rest.testCredential('briqpaySandbox01');
		expect(right.status).toBe('OK');
	});

	test('the execution fails with a readable message and the secret appears nowhere', async () => {
		const since = nowIso();
		const execution = await run('e2e: wrong secret', [
			briqpay(
				'Get',
				{ resource: 'session', operation: 'get', sessionId: state.seeded.sessions.open },
				{ credential: WRONG_CREDENTIAL },
			),
		]);
		expect(execution.status).toBe('error');
		const error = executionError(execution);
		expect(error.node).toBe('Get');
		expect(error.message).toBe('Briqpay rejected the username and secret (INVALID_CREDENTIALS)');
		expect(error.description).toMatch(/Playground and Production have separate keys/);

		// The request really went out with the wrong secret, and Briqpay refused it.
		const sent = await fakeRequests({ since, path: `/v3/session/${state.seeded.sessions.open}` });
		expect(sent.length).toBeGreaterThanOrEqual(1);
		expect(sent[0].headers.authorization).toBe(basicAuth(state.wrongSecret));
		expect(sent[0].status).toBe(403);

		// Nowhere in what n8n keeps or answers: the execution, the credential as the editor reads it.
		expect(secretsIn(JSON.stringify(execution))).toEqual([]);
		const credential = await rest.credential(WRONG_CREDENTIAL.id, { includeData: true });
		expect(credential.data.username).toBe(state.username);
		expect(credential.data.secret).not.toBe(state.wrongSecret);
		expect(secretsIn(JSON.stringify(credential))).toEqual([]);
		expect(secretsIn(rest.transcript.join('\n'))).toEqual([]);
	});
});

describe('the Briqpay node as n8n serves it to the editor', () => {
	/** Top-level parameters the editor shows for this resource and operation (defaults elsewhere). */
	async function shownFor(resource, operation) {
		const { NodeHelpers } = require('n8n-workflow');
		// What the editor loads (needs the login cookie).
		const { body: types } = await rest.request('GET', '/types/nodes.json');
		const description = types.find((t) => t.name === 'n8n-nodes-briqpay.briqpay');
		const values = NodeHelpers.getNodeParameters(
			description.properties,
			{ resource, operation },
			true,
			false,
			{ name: 'Briqpay', type: description.name, typeVersion: 1, parameters: {} },
			description,
		);
		const node = { name: 'Briqpay', type: description.name, typeVersion: 1, parameters: values };
		return description.properties
			.filter((p) => NodeHelpers.displayParameter(values, p, node, description))
			.map((p) => p.name);
	}

	test('Order → Capture shows its Capture choice', async () => {
		expect(await shownFor('order', 'capture')).toEqual(
			expect.arrayContaining(['resource', 'operation', 'sessionId', 'captureScope']),
		);
	});

	// Regression: the Capture choice (captureScope) once had no displayOptions and showed on every
	// resource and operation in the editor.
	test('the Capture choice is shown only for Order → Capture', async () => {
		for (const [resource, operation] of [
			['session', 'create'],
			['token', 'charge'],
			['hostedPage', 'create'],
			['order', 'refund'],
		]) {
			expect([resource, operation, await shownFor(resource, operation)]).toEqual([
				resource,
				operation,
				expect.not.arrayContaining(['captureScope']),
			]);
		}
	});
});
