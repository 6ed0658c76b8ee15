'use strict';

/**
 * The example workflows of examples/, imported into n8n as `npm start` imports them, run for real:
 * the recharge started manually twice, the payment link paid on the stand-in's hosted page (which
 * makes Briqpay's hook start the capture workflow), and the Slack alert with only its Slack node
 * swapped for a local Slack stand-in.
 */
const { slackReceived } = require('./slack-stand-in');

const { SANDBOX_TOKENS, loadExample } = require('../../scripts/sandbox');
const {
	state,
	control,
	restClient,
	saveTranscript,
	waitForSessionExecutions,
	triggerItem,
	fakeRequests,
	hookDeliveries,
	nodeOutput,
	executionError,
	nowIso,
} = require('./helpers');

const ids = state.workflowIds;

let rest;

beforeAll(async () => {
	rest = await restClient();
});

afterAll(() => saveTranscript('examples.e2e.js'));

describe('Scheduled recharge (examples/scheduled-recharge.json)', () => {
	test('started twice, it charges each saved card once', async () => {
		const since = nowIso();
		const first = await rest.runAndWait(ids.recharge, 'Every month');
		const second = await rest.runAndWait(ids.recharge, 'Every month');
		for (const execution of [first, second]) {
			expect(executionError(execution)).toBeUndefined();
			expect(execution).toMatchObject({
				status: 'success',
				mode: 'manual',
				workflowId: ids.recharge,
			});
		}

		const period = nodeOutput(first, 'Charge saved card')[0].chargeReference;
		expect(period).toMatch(/^\d{4}-\d{2}$/);
		const charged = nodeOutput(first, 'Charge saved card');
		expect(
			charged.map((c) => [c.tokenId, c.alreadyCharged, c.amountIncVat, c.orderStatus]),
		).toEqual([
			[SANDBOX_TOKENS[0].tokenId, false, 62375, 'order_approved_not_captured'],
			[SANDBOX_TOKENS[1].tokenId, false, 24875, 'order_approved_not_captured'],
		]);
		expect(charged.map((c) => c.outcome)).toEqual(['charged', 'charged']);
		expect(nodeOutput(first, 'Summary')).toEqual([
			{
				period,
				charged: 2,
				alreadyCharged: 0,
				skipped: 0,
				rejected: 0,
				pending: 0,
				failed: 0,
				totalCharged: '872.50 SEK',
				lines: ['Acme AB: charged 623.75 SEK', 'Nordic Bikes AB: charged 248.75 SEK'],
				warnings: [],
			},
		]);

		const skipped = nodeOutput(second, 'Charge saved card');
		expect(skipped.map((c) => [c.tokenId, c.alreadyCharged, c.sessionId])).toEqual(
			charged.map((c) => [c.tokenId, true, c.sessionId]),
		);
		expect(skipped.map((c) => c.outcome)).toEqual(['alreadyCharged', 'alreadyCharged']);
		expect(nodeOutput(second, 'Summary')[0]).toMatchObject({
			charged: 0,
			alreadyCharged: 2,
			totalCharged: '0.00 SEK',
		});

		// What Briqpay saw: two charges in total, one per card, tagged with the period.
		const charges = (await fakeRequests({ since, method: 'POST', path: '/v3/session' })).filter(
			(r) => r.body?.product?.intent === 'payment_charge_token',
		);
		expect(
			charges.map((r) => [r.body.data.tokenization.tokenId, r.body.references.chargeReference]),
		).toEqual([
			[SANDBOX_TOKENS[0].tokenId, period],
			[SANDBOX_TOKENS[1].tokenId, period],
		]);
		for (const token of SANDBOX_TOKENS) {
			expect((await control.token(token.tokenId)).chargeSessions).toHaveLength(1);
		}
	});
});

describe('Payment link (examples/payment-link.json) + capture on approval (examples/capture-on-approval.json)', () => {
	test('the link is paid, Briqpay reports the approval, the order is captured', async () => {
		const linkRun = await rest.runAndWait(ids.paymentLink, 'When clicking ‘Execute workflow’');
		expect(executionError(linkRun)).toBeUndefined();
		expect(linkRun.status).toBe('success');
		const [checkout] = nodeOutput(linkRun, 'Create checkout');
		const [link] = nodeOutput(linkRun, 'Create payment link');
		expect(checkout).toMatchObject({ status: 'started', amountIncVat: 34125, currency: 'SEK' });
		expect(checkout.references.reference1).toMatch(/^ORDER-\d{8}-\d{6}$/);
		expect(link.sessionId).toBe(checkout.sessionId);
		expect(link.url).toMatch(new RegExp(`^${state.fakeBaseUrl}/hosted/`));

		// The session carries the capture workflow's production URL as its hook.
		const created = await control.session(checkout.sessionId);
		expect(created.hooks).toEqual([
			{
				eventType: 'order_status',
				statuses: ['order_approved_not_captured'],
				method: 'POST',
				url: state.triggerUrls.captureOnApproval,
			},
		]);

		// The customer opens the link and pays.
		const page = await fetch(link.url);
		expect(page.status).toBe(200);
		expect(await page.text()).toContain(`Pay your order ${checkout.references.reference1}`);
		const paid = await fetch(`${link.url}/pay`, { method: 'POST' });
		expect(paid.status).toBe(200);

		const [captureRun, ...more] = await waitForSessionExecutions(
			rest,
			ids.captureOnApproval,
			checkout.sessionId,
			1,
			{ triggerName: 'Order approved' },
		);
		expect(more).toEqual([]);
		expect(executionError(captureRun)).toBeUndefined();
		expect(captureRun).toMatchObject({ mode: 'webhook', status: 'success' });
		expect(triggerItem(captureRun, 'Order approved')).toMatchObject({
			event: 'order_status',
			status: 'order_approved_not_captured',
			confirmed: true,
		});
		const [capture] = nodeOutput(captureRun, 'Capture the order');
		expect(capture).toMatchObject({ sessionId: checkout.sessionId, amountIncVat: 34125 });

		expect((await hookDeliveries(checkout.sessionId)).map((d) => [d.url, d.statusCode])).toEqual([
			[state.triggerUrls.captureOnApproval, 200],
		]);
		const captures = await fakeRequests({
			method: 'POST',
			path: `/v3/session/${checkout.sessionId}/order/capture`,
		});
		expect(captures).toHaveLength(1);
		const after = await control.session(checkout.sessionId);
		expect(after.moduleStatus.payment.orderStatus).toBe('captured_full');
		expect(after.data.captures.map((c) => c.captureId)).toEqual([capture.captureId]);
	});
});

describe('Slack alert on order status (examples/slack-alert-on-order-status.json)', () => {
	test('the imported workflow is the example with only the Slack node replaced', async () => {
		const example = loadExample('slackAlert');
		const imported = await rest.workflow(ids.slackAlert);
		const strip = ({ id, name, type, typeVersion, parameters, credentials, webhookId }) => ({
			id,
			name,
			type,
			typeVersion,
			parameters,
			credentials,
			webhookId,
		});
		const others = (wf) => wf.nodes.filter((n) => n.name !== 'Send to Slack').map(strip);
		expect(others(imported)).toEqual(others(example));
		expect(imported.connections).toEqual(example.connections);
		expect(imported.nodes.find((n) => n.name === 'Send to Slack').type).toBe(
			'n8n-nodes-base.httpRequest',
		);
		// The Slack node maps the trigger's alert fields directly: no Code or Set node in between.
		expect(example.nodes.map((n) => n.type).sort()).toEqual([
			'n8n-nodes-base.slack',
			'n8n-nodes-base.stickyNote',
			'n8n-nodes-base.stickyNote',
			'n8n-nodes-briqpay.briqpayTrigger',
		]);
		expect(example.nodes.find((n) => n.name === 'Send to Slack')).toMatchObject({
			type: 'n8n-nodes-base.slack',
			parameters: { select: 'channel', text: expect.stringContaining('{{ $json.statusLabel }}') },
		});
	});

	test('each order status change posts one message with order, status, amount and customer', async () => {
		const session = await control.seedSession({
			customerType: 'business',
			references: { reference1: 'ORDER-2001' },
			data: { company: { name: 'Acme AB', cin: '5560000000' } },
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
					url: state.triggerUrls.slackAlert,
				},
			],
		});
		const amount = (session.data.order.amountIncVat / 100).toFixed(2);

		await control.transition(session.sessionId, 'complete');
		await waitForSessionExecutions(rest, ids.slackAlert, session.sessionId, 1, { settleMs: 0 });
		await control.transition(session.sessionId, 'cancel');
		const executions = await waitForSessionExecutions(rest, ids.slackAlert, session.sessionId, 2);

		expect(executions).toHaveLength(2);
		for (const execution of executions) {
			expect(executionError(execution)).toBeUndefined();
			expect(execution.status).toBe('success');
		}
		const received = await slackReceived(state.slackPort);
		const mine = received.filter((r) => r.body?.text?.includes('ORDER-2001'));
		expect(mine).toEqual([
			{
				method: 'POST',
				path: '/api/chat.postMessage',
				body: {
					channel: '#orders',
					text: `Order ORDER-2001: Order approved, not captured, ${amount} SEK, customer Acme AB`,
				},
			},
			{
				method: 'POST',
				path: '/api/chat.postMessage',
				body: {
					channel: '#orders',
					text: `Order ORDER-2001: Order cancelled, ${amount} SEK, customer Acme AB`,
				},
			},
		]);
		// n8n's records hold the trigger's alert fields, built from the session it confirmed.
		const labels = executions.map((e) => nodeOutput(e, 'Briqpay Trigger')[0].statusLabel).sort();
		expect(labels).toEqual(['Order approved, not captured', 'Order cancelled']);
	});
});
