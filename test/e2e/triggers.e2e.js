'use strict';

/**
 * The Briqpay Trigger in a published workflow of a real n8n, started headless. The stand-in sends
 * real hooks (POST JSON and GET query) to the trigger's production URL when its sessions change
 * state; the test also posts forged and repeated hooks itself. What counts is what n8n recorded:
 * which executions exist, and what the trigger emitted in them.
 */
const {
	state,
	control,
	restClient,
	saveTranscript,
	sleep,
	executionsForSession,
	waitForSessionExecutions,
	triggerItem,
	fakeRequests,
	hookDeliveries,
	postHook,
	nowIso,
} = require('./helpers');
const { EVENTS_WORKFLOW_ID, EVENTS_V1_WORKFLOW_ID } = require('./workflows');

const url = state.triggerUrls.events;
const ORDER_STATUSES = [
	'order_pending',
	'order_rejected',
	'order_cancelled',
	'order_approved_not_captured',
];

let rest;

beforeAll(async () => {
	rest = await restClient();
});

afterAll(() => saveTranscript('triggers.e2e.js'));

/** A session whose hooks point at the trigger workflow's production URL. */
function seedWithHook(partial, hook) {
	return control.seedSession({ ...partial, hooks: [{ url, ...hook }] });
}

describe('real hooks from Briqpay start executions with the confirmed session', () => {
	test('POST: an order is approved', async () => {
		const session = await seedWithHook(
			{
				status: 'completed',
				orderStatus: 'order_pending',
				references: { reference1: 'E2E-HOOK-POST' },
			},
			{ eventType: 'order_status', statuses: ORDER_STATUSES, method: 'POST' },
		);
		const { deliveries } = await control.transition(session.sessionId, 'approve');
		expect(deliveries.map((d) => [d.method, d.statusCode])).toEqual([['POST', 200]]);

		const executions = await waitForSessionExecutions(
			rest,
			EVENTS_WORKFLOW_ID,
			session.sessionId,
			1,
		);
		expect(executions).toHaveLength(1);
		const [execution] = executions;
		expect(execution).toMatchObject({ mode: 'webhook', status: 'success' });
		const item = triggerItem(execution);
		expect(item).toMatchObject({
			event: 'order_status',
			status: 'order_approved_not_captured',
			confirmed: true,
			sessionId: session.sessionId,
			eventKey: `${session.sessionId}:order_status:order_approved_not_captured`,
			session: {
				sessionId: session.sessionId,
				status: 'completed',
				orderStatus: 'order_approved_not_captured',
				amountIncVat: session.data.order.amountIncVat,
				references: { reference1: 'E2E-HOOK-POST' },
			},
		});
		// The trigger read the session back from Briqpay before emitting.
		const reads = await fakeRequests({ method: 'GET', path: `/v3/session/${session.sessionId}` });
		expect(reads.length).toBeGreaterThanOrEqual(1);
	});

	test('GET: a checkout is completed (query parameters)', async () => {
		const session = await seedWithHook(
			{ references: { reference1: 'E2E-HOOK-GET' } },
			{ eventType: 'session_status', statuses: ['completed'], method: 'GET' },
		);
		const { deliveries } = await control.transition(session.sessionId, 'complete');
		expect(deliveries).toHaveLength(1);
		expect(deliveries[0]).toMatchObject({ method: 'GET', statusCode: 200 });
		expect(new URL(deliveries[0].url).searchParams.get('sessionId')).toBe(session.sessionId);

		const [execution, ...more] = await waitForSessionExecutions(
			rest,
			EVENTS_WORKFLOW_ID,
			session.sessionId,
			1,
		);
		expect(more).toEqual([]);
		expect(execution.status).toBe('success');
		expect(triggerItem(execution)).toMatchObject({
			event: 'session_status',
			status: 'completed',
			confirmed: true,
			session: { sessionId: session.sessionId, status: 'completed' },
		});
	});

	test('POST: a capture is approved (with its captureId)', async () => {
		const session = await seedWithHook(
			{ status: 'completed' },
			{
				eventType: 'capture_status',
				statuses: ['pending', 'approved', 'rejected'],
				method: 'POST',
			},
		);
		const { deliveries } = await control.transition(session.sessionId, 'capture');
		expect(deliveries.map((d) => d.statusCode)).toEqual([200]);
		const captureId = deliveries[0].payload.captureId;

		const [execution] = await waitForSessionExecutions(
			rest,
			EVENTS_WORKFLOW_ID,
			session.sessionId,
			1,
		);
		expect(triggerItem(execution)).toMatchObject({
			event: 'capture_status',
			status: 'approved',
			confirmed: true,
			captureId,
		});
		expect(triggerItem(execution).session.captures).toEqual([
			expect.objectContaining({ captureId, amountIncVat: session.data.order.amountIncVat }),
		]);
	});
});

describe('a workflow saved with trigger version 1', () => {
	test('confirms and emits like version 2, and reads any body', async () => {
		const v1Url = state.triggerUrls.eventsV1;
		const session = await control.seedSession({
			status: 'completed',
			orderStatus: 'order_approved_not_captured',
		});
		const answer = await postHook(v1Url, {
			event: 'order_status',
			status: 'order_approved_not_captured',
			sessionId: session.sessionId,
		});
		expect(answer.status).toBe(200);
		const executions = await waitForSessionExecutions(
			rest,
			EVENTS_V1_WORKFLOW_ID,
			session.sessionId,
			1,
		);
		expect(executions).toHaveLength(1);
		expect(triggerItem(executions[0])).toMatchObject({
			confirmed: true,
			sessionId: session.sessionId,
			session: { orderStatus: 'order_approved_not_captured' },
		});
		// Version 1: n8n reads every body, so the trigger sees it and refuses it as not JSON.
		const html = await postHook(v1Url, {}, { raw: '<p>x</p>', contentType: 'text/html' });
		expect([html.status, html.body]).toEqual([400, { error: 'Body is not JSON' }]);
	});
});

describe('hooks that must not start anything', () => {
	test('forged claims are answered and start no execution', async () => {
		const open = await control.seedSession({ references: { reference1: 'E2E-FORGED-OPEN' } });
		const approved = await control.seedSession({ status: 'completed' });
		const unknown = '6d7a0c55-0e1f-4f3a-9d2b-00000000f04d';
		const before = (await rest.executions(EVENTS_WORKFLOW_ID)).length;
		const since = nowIso();

		const answers = {
			approvedClaimOnOpenSession: await postHook(url, {
				event: 'order_status',
				status: 'order_approved_not_captured',
				sessionId: open.sessionId,
			}),
			completedClaimOverGet: await postHook(
				url,
				{ event: 'session_status', status: 'completed', sessionId: open.sessionId },
				{ method: 'GET' },
			),
			captureThatDoesNotExist: await postHook(url, {
				event: 'capture_status',
				status: 'approved',
				sessionId: approved.sessionId,
				captureId: 'a3811397-a1fc-44f0-99fd-d134063c9c47',
			}),
			unknownSession: await postHook(url, {
				event: 'order_status',
				status: 'order_approved_not_captured',
				sessionId: unknown,
			}),
			// Refused by n8n's own body parser (422) before the trigger runs.
			brokenJson: await postHook(url, {}, { raw: '{"event":"order_status",' }),
			// Reaches the trigger, which refuses anything but a JSON object.
			notJson: await postHook(
				url,
				{},
				{ raw: 'event=order_status&status=x', contentType: 'text/plain' },
			),
			// Trigger version 2: n8n does not read this body at all; the trigger says what to send.
			htmlBody: await postHook(url, {}, { raw: '<p>order_status</p>', contentType: 'text/html' }),
			// An event type the trigger does not know: 200 (so Briqpay does not resend it), nothing run.
			unknownEvent: await postHook(url, {
				event: 'payout_status',
				status: 'paid',
				sessionId: open.sessionId,
			}),
			noSessionId: await postHook(url, {
				event: 'order_status',
				status: 'order_approved_not_captured',
			}),
			sessionIdNotUuid: await postHook(url, {
				event: 'order_status',
				status: 'x',
				sessionId: '../../v3/token',
			}),
		};
		expect(Object.fromEntries(Object.entries(answers).map(([k, a]) => [k, a.status]))).toEqual({
			approvedClaimOnOpenSession: 200,
			completedClaimOverGet: 200,
			captureThatDoesNotExist: 200,
			unknownSession: 404,
			brokenJson: 422,
			notJson: 400,
			htmlBody: 415,
			unknownEvent: 200,
			noSessionId: 400,
			sessionIdNotUuid: 400,
		});
		expect(answers.approvedClaimOnOpenSession.body).toEqual({ received: true });
		expect(answers.notJson.body).toEqual({ error: 'Body is not JSON' });
		expect(answers.htmlBody.body).toEqual({
			error: 'Send the event as JSON (Content-Type: application/json)',
		});
		expect(answers.unknownSession.body).toEqual({ error: 'Unknown session' });
		expect(answers.unknownEvent.body).toEqual({ received: true, ignored: 'unknown event type' });

		await sleep(1500);
		expect((await rest.executions(EVENTS_WORKFLOW_ID)).length).toBe(before);
		for (const id of [open.sessionId, approved.sessionId, unknown]) {
			expect(await executionsForSession(rest, EVENTS_WORKFLOW_ID, id)).toEqual([]);
		}
		// Claims with a well-formed session id were checked with Briqpay; malformed ones never reached it.
		const reads = await fakeRequests({ since, method: 'GET', path: /^\/v3\/session\// });
		expect(new Set(reads.map((r) => r.path))).toEqual(
			new Set([
				`/v3/session/${open.sessionId}`,
				`/v3/session/${approved.sessionId}`,
				`/v3/session/${unknown}`,
			]),
		);
	});

	test('a hook delivered twice starts one execution', async () => {
		const session = await control.seedSession({
			status: 'completed',
			references: { reference1: 'E2E-DUP' },
		});
		const payload = {
			event: 'order_status',
			status: 'order_approved_not_captured',
			sessionId: session.sessionId,
		};
		const first = await control.sendHook({
			sessionId: session.sessionId,
			payload,
			url,
			retry: false,
		});
		const second = await control.sendHook({
			sessionId: session.sessionId,
			payload,
			url,
			retry: false,
		});
		expect([first.statusCode, second.statusCode]).toEqual([200, 200]);
		const third = await postHook(url, payload, { method: 'GET' });
		expect(third).toEqual({ status: 200, body: { received: true, duplicate: true } });

		const executions = await waitForSessionExecutions(
			rest,
			EVENTS_WORKFLOW_ID,
			session.sessionId,
			1,
			{
				settleMs: 1500,
			},
		);
		expect(executions).toHaveLength(1);
		expect(triggerItem(executions[0])).toMatchObject({
			confirmed: true,
			status: 'order_approved_not_captured',
		});
	});

	test('the same hook arriving three times at once starts one execution', async () => {
		const session = await control.seedSession({
			status: 'completed',
			references: { reference1: 'E2E-DUP-PAR' },
		});
		const payload = {
			event: 'order_status',
			status: 'order_approved_not_captured',
			sessionId: session.sessionId,
		};
		const answers = await Promise.all([
			postHook(url, payload),
			postHook(url, payload),
			postHook(url, payload),
		]);
		expect(answers.map((a) => a.status)).toEqual([200, 200, 200]);
		expect(answers.filter((a) => a.body.duplicate === true)).toHaveLength(2);
		expect(answers.filter((a) => a.body.duplicate !== true)).toEqual([
			{ status: 200, body: { received: true } },
		]);

		const executions = await waitForSessionExecutions(
			rest,
			EVENTS_WORKFLOW_ID,
			session.sessionId,
			1,
			{
				settleMs: 1500,
			},
		);
		expect(executions).toHaveLength(1);
	});
});

describe('when Briqpay cannot be read', () => {
	test('the hook is answered 503, and the redelivery starts the execution', async () => {
		const session = await seedWithHook(
			{ status: 'completed', orderStatus: 'order_pending', references: { reference1: 'E2E-503' } },
			{ eventType: 'order_status', statuses: ORDER_STATUSES, method: 'POST' },
		);
		// The trigger tries the read twice per delivery; both attempts of the first delivery fail.
		await control.failNext({
			method: 'GET',
			pathRegex: `^/v3/session/${session.sessionId}$`,
			status: 503,
			times: 2,
		});
		await control.transition(session.sessionId, 'approve');
		await control.flushHooks();

		const attempts = await hookDeliveries(session.sessionId);
		expect(attempts.map((d) => [d.attempt, d.statusCode])).toEqual([
			[1, 503],
			[2, 200],
		]);
		const reads = await fakeRequests({ method: 'GET', path: `/v3/session/${session.sessionId}` });
		expect(reads.map((r) => r.status)).toEqual([503, 503, 200]);

		const executions = await waitForSessionExecutions(
			rest,
			EVENTS_WORKFLOW_ID,
			session.sessionId,
			1,
		);
		expect(executions).toHaveLength(1);
		expect(executions[0].status).toBe('success');
		expect(triggerItem(executions[0])).toMatchObject({
			event: 'order_status',
			status: 'order_approved_not_captured',
			confirmed: true,
		});
	});
});
