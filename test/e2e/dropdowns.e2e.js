'use strict';

/**
 * The dropdowns of Order → Refund / Capture in the real n8n: the editor asks n8n's backend for a
 * resource locator's list (POST /rest/dynamic-node-parameters/resource-locator-results), n8n runs
 * the node's listSearch method with the stored credential, and the node reads the session from the
 * stand-in. Asserts what the editor would show and the one request the stand-in received.
 */
const { SANDBOX_CREDENTIAL } = require('../../scripts/sandbox');
const { state, control, restClient, saveTranscript } = require('./helpers');

let rest;

beforeAll(async () => {
	rest = await restClient();
});

afterAll(() => saveTranscript('dropdowns.e2e.js'));

const apiRequests = async () => (await control.requests()).filter((r) => r.path.startsWith('/v3/'));

/** What the editor sends when the user opens a resource locator's list. */
function listFor(methodName, currentNodeParameters, path, { allowStatus } = {}) {
	return rest.request(
		'POST',
		'/rest/dynamic-node-parameters/resource-locator-results',
		{
			nodeTypeAndVersion: { name: 'n8n-nodes-briqpay.briqpay', version: 1 },
			methodName,
			path,
			currentNodeParameters,
			credentials: { briqpayApi: SANDBOX_CREDENTIAL },
		},
		{ allowStatus },
	);
}

describe('dropdowns filled from the session, in n8n', () => {
	test('Refund → Capture ID: the session’s captures, read with the node’s credential (one GET)', async () => {
		const sessionId = state.seeded.sessions.capturedFull;
		const session = await control.session(sessionId);
		const live = session.data.captures.filter((c) => c.status !== 'rejected');
		const before = (await apiRequests()).length;
		const answer = await listFor(
			'captures',
			{
				resource: 'order',
				operation: 'refund',
				sessionId,
				captureId: { __rl: true, mode: 'list', value: '' },
			},
			'captureId',
		);
		expect(answer.body.results.map((r) => r.value)).toEqual(live.map((c) => c.captureId));
		for (const result of answer.body.results)
			expect(result.name).toMatch(/^\d+\.\d\d SEK captured, \d+\.\d\d SEK refundable · /);

		const made = (await apiRequests()).slice(before);
		expect(made.map((r) => `${r.method} ${r.path}`)).toEqual([`GET /v3/session/${sessionId}`]);
		const basic = `Basic ${Buffer.from(`${state.username}:${state.secret}`).toString('base64')}`;
		expect(made[0].headers.authorization).toBe(basic);
	});

	test('Capture → Lines to Capture: the lines left to capture', async () => {
		const sessionId = state.seeded.sessions.approved;
		const session = await control.session(sessionId);
		const answer = await listFor(
			'linesToCapture',
			{
				resource: 'order',
				operation: 'capture',
				captureScope: 'lines',
				sessionId,
				chosenLines: { line: [{ quantity: 1 }] },
			},
			'chosenLines.line[0].reference',
		);
		const references = session.data.order.cart.map((line) => line.reference);
		expect(answer.body.results.map((r) => r.value)).toEqual(references);
		expect(answer.body.results[0].name).toMatch(/left to capture/);
	});

	test('without a Session ID: the message tells what to do, and nothing reaches Briqpay', async () => {
		const before = (await apiRequests()).length;
		const answer = await listFor(
			'captures',
			{ resource: 'order', operation: 'refund', sessionId: '' },
			'captureId',
			{
				allowStatus: [400, 500],
			},
		);
		expect(answer.text).toContain('The list needs a fixed Session ID first');
		expect((await apiRequests()).length).toBe(before);
	});
});
