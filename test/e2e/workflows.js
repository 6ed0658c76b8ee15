'use strict';

/**
 * Workflows the end-to-end tests use besides the examples: the e2e variant of the Slack example
 * (only its Slack node swapped for an HTTP Request to a local stand-in), a trigger workflow that
 * takes every Briqpay event, and builders for action workflows created over the REST API.
 */
const { randomUUID } = require('node:crypto');

const { SANDBOX_CREDENTIAL, loadExample } = require('../../scripts/sandbox');

const WRONG_CREDENTIAL = { id: 'briqpayWrongKey1', name: 'Briqpay (wrong secret)' };

const EVENTS_WORKFLOW_ID = 'e2eBriqpayEvents';
const EVENTS_WEBHOOK_ID = 'a0e2e000-0000-4000-8000-00000000e2e1';
/** The same workflow with trigger version 1, as saved before version 2 existed. */
const EVENTS_V1_WORKFLOW_ID = 'e2eBriqpayEvtsV1';
const EVENTS_V1_WEBHOOK_ID = 'a0e2e000-0000-4000-8000-00000000e2e2';

/** Trigger on every event with default options → a NoOp, published before `n8n start`. */
function eventsWorkflow({
	id = EVENTS_WORKFLOW_ID,
	webhookId = EVENTS_WEBHOOK_ID,
	typeVersion = 2,
} = {}) {
	return {
		id,
		name: `e2e: every Briqpay event (trigger version ${typeVersion})`,
		nodes: [
			{
				id: 'a0e2e000-0000-4000-8000-000000000101',
				name: 'Briqpay Trigger',
				type: 'n8n-nodes-briqpay.briqpayTrigger',
				typeVersion,
				position: [0, 0],
				webhookId,
				parameters: {
					events: ['session_status', 'order_status', 'capture_status', 'refund_status'],
					statusFilters: {},
					options: {},
				},
				credentials: { briqpayApi: SANDBOX_CREDENTIAL },
			},
			{
				id: 'a0e2e000-0000-4000-8000-000000000102',
				name: 'Received',
				type: 'n8n-nodes-base.noOp',
				typeVersion: 1,
				position: [240, 0],
				parameters: {},
			},
		],
		connections: { 'Briqpay Trigger': { main: [[{ node: 'Received', type: 'main', index: 0 }]] } },
		active: false,
		settings: { executionOrder: 'v1' },
		pinData: {},
	};
}

/**
 * The Slack example with its "Send to Slack" node replaced by an HTTP Request that posts what the
 * Slack node would post (channel and the same text expression) to http://127.0.0.1:<port>. Every
 * other node, the connections and the trigger's webhookId stay as in examples/.
 */
function slackVariant(slackPort) {
	const example = loadExample('slackAlert');
	const slack = example.nodes.find((node) => node.type === 'n8n-nodes-base.slack');
	if (!slack) throw new Error('the Slack example has no Slack node');
	const replacement = {
		id: slack.id,
		name: slack.name,
		type: 'n8n-nodes-base.httpRequest',
		typeVersion: 4.2,
		position: slack.position,
		parameters: {
			method: 'POST',
			url: `http://127.0.0.1:${slackPort}/api/chat.postMessage`,
			sendBody: true,
			bodyParameters: {
				parameters: [
					{ name: 'channel', value: slack.parameters.channelId.value },
					// The Slack node's own text template, evaluated the same way.
					{ name: 'text', value: slack.parameters.text },
				],
			},
			options: {},
		},
	};
	return {
		...example,
		name: `${example.name} (e2e: Slack stand-in)`,
		nodes: example.nodes.map((node) => (node === slack ? replacement : node)),
	};
}

/** A Briqpay action node. */
function briqpay(name, parameters, { credential = SANDBOX_CREDENTIAL, position = [0, 0] } = {}) {
	return {
		id: randomUUID(),
		name,
		type: 'n8n-nodes-briqpay.briqpay',
		typeVersion: 1,
		position,
		parameters,
		credentials: { briqpayApi: credential },
	};
}

/** Manual Trigger "Start" → nodes in a row. */
function manualWorkflow(name, nodes) {
	const all = [
		{
			id: randomUUID(),
			name: 'Start',
			type: 'n8n-nodes-base.manualTrigger',
			typeVersion: 1,
			position: [0, 0],
			parameters: {},
		},
		...nodes.map((node, i) => ({ ...node, position: [240 * (i + 1), 0] })),
	];
	const connections = {};
	for (let i = 0; i < all.length - 1; i++) {
		connections[all[i].name] = { main: [[{ node: all[i + 1].name, type: 'main', index: 0 }]] };
	}
	return { name, nodes: all, connections, active: false, settings: { executionOrder: 'v1' } };
}

module.exports = {
	WRONG_CREDENTIAL,
	EVENTS_WORKFLOW_ID,
	EVENTS_WEBHOOK_ID,
	EVENTS_V1_WORKFLOW_ID,
	EVENTS_V1_WEBHOOK_ID,
	eventsWorkflow,
	slackVariant,
	briqpay,
	manualWorkflow,
};
