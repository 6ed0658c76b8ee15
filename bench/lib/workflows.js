'use strict';

/**
 * Workflows the benchmarks import into the sandbox n8n. Every action workflow is
 *
 *   Start (Manual Trigger) → Session IDs (Edit Fields, raw JSON {ids: [...]}) → One item per ID
 *   (Split Out) → the node under test
 *
 * so every node under test (HTTP Request, the floor node, Briqpay) gets the same N items
 * {ids: "<session id>"} and does the same N calls: GET /v3/session/<id> with Basic auth, nothing
 * else (default settings apart from what is named).
 */
const { SANDBOX_CREDENTIAL } = require('../../scripts/sandbox');
const { NODE_TYPE: FLOOR_NODE_TYPE } = require('./floor');

/** Fields the Briqpay Trigger asks for when it re-reads a session (trigger/confirm.ts). */
const CONFIRM_FIELDS =
	'sessionId,status,product,customerType,country,references,moduleStatus,data,createdAt';

const TARGET = 'Under test';

let counter = 0;
function nodeId() {
	counter++;
	return `b0b0b0b0-0000-4000-8000-${String(counter).padStart(12, '0')}`;
}

/** Without `target`: the same workflow without the node under test (the baseline). */
function actionWorkflow({ id, name, sessionIds, target }) {
	const nodes = [
		{
			id: nodeId(),
			name: 'Start',
			type: 'n8n-nodes-base.manualTrigger',
			typeVersion: 1,
			position: [0, 0],
			parameters: {},
		},
		{
			id: nodeId(),
			name: 'Session IDs',
			type: 'n8n-nodes-base.set',
			typeVersion: 3.4,
			position: [220, 0],
			parameters: { mode: 'raw', jsonOutput: JSON.stringify({ ids: sessionIds }), options: {} },
		},
		{
			id: nodeId(),
			name: 'One item per ID',
			type: 'n8n-nodes-base.splitOut',
			typeVersion: 1,
			position: [440, 0],
			parameters: { fieldToSplitOut: 'ids', options: {} },
		},
	];
	if (target) nodes.push({ ...target, id: nodeId(), name: TARGET, position: [660, 0] });
	const connections = {};
	for (let i = 0; i < nodes.length - 1; i++) {
		connections[nodes[i].name] = { main: [[{ node: nodes[i + 1].name, type: 'main', index: 0 }]] };
	}
	return { id, name, nodes, connections, active: false, settings: { executionOrder: 'v1' } };
}

/** Briqpay → Session → Get, default settings; `concurrency` set only when given. */
function briqpaySessionGet({ concurrency } = {}) {
	const parameters = { resource: 'session', operation: 'get', sessionId: '={{ $json.ids }}' };
	if (concurrency !== undefined) parameters.processing = { concurrency };
	return {
		type: 'n8n-nodes-briqpay.briqpay',
		typeVersion: 1,
		parameters,
		credentials: { briqpayApi: SANDBOX_CREDENTIAL },
	};
}

/**
 * The floor node (lib/floor.js): GET <stand-in>/v3/session/<id>, the header computed once per
 * execution from plain parameters, one expression per item.
 */
function floorSessionGet({ fakeBaseUrl, username, secret, concurrency, rps = 0 }) {
	return {
		type: FLOOR_NODE_TYPE,
		typeVersion: 1,
		parameters: {
			baseUrl: fakeBaseUrl,
			username,
			secret,
			sessionId: '={{ $json.ids }}',
			concurrency,
			rps,
		},
	};
}

/**
 * HTTP Request (version 4.3: the newest 1.x default, also in 2.x) with the Briqpay credential as its
 * "Predefined Credential Type" and default settings: GET <stand-in>/v3/session/<id>. So every run
 * also proves that the credential works from the HTTP Request node. `continueOnFail` sets node
 * setting On Error → Continue.
 */
function httpSessionGet({ fakeBaseUrl, continueOnFail = false, query } = {}) {
	const parameters = {
		url: `=${fakeBaseUrl}/v3/session/{{ $json.ids }}`,
		authentication: 'predefinedCredentialType',
		nodeCredentialType: 'briqpayApi',
		options: {},
	};
	if (query) {
		parameters.sendQuery = true;
		parameters.queryParameters = {
			parameters: Object.entries(query).map(([name, value]) => ({ name, value })),
		};
	}
	const node = {
		type: 'n8n-nodes-base.httpRequest',
		typeVersion: 4.3,
		parameters,
		credentials: { briqpayApi: SANDBOX_CREDENTIAL },
	};
	if (continueOnFail) node.onError = 'continueRegularOutput';
	return node;
}

/** Briqpay Trigger on order_status (default options) — the whole workflow, published. */
function briqpayTriggerWorkflow({ id, webhookId, typeVersion = 2 }) {
	return {
		id,
		name: 'bench: Briqpay Trigger',
		nodes: [
			{
				id: nodeId(),
				name: 'Briqpay Trigger',
				type: 'n8n-nodes-briqpay.briqpayTrigger',
				typeVersion,
				position: [0, 0],
				webhookId,
				parameters: { events: ['order_status'], statusFilters: {}, options: {} },
				credentials: { briqpayApi: SANDBOX_CREDENTIAL },
			},
		],
		connections: {},
		active: false,
		settings: { executionOrder: 'v1' },
	};
}

/**
 * The hand-built equivalent: Webhook (POST, answers when received) → HTTP Request GET of the
 * session the hook names, with Basic auth and the trigger's `fields`. It only re-reads: it does
 * not compare the claim with the session, and it does not drop repeated hooks.
 */
function webhookWorkflow({ id, webhookId, fakeBaseUrl }) {
	const read = httpSessionGet({ fakeBaseUrl, query: { fields: CONFIRM_FIELDS } });
	read.parameters.url = `=${fakeBaseUrl}/v3/session/{{ $json.body.sessionId }}`;
	return {
		id,
		name: 'bench: Webhook + HTTP Request re-read',
		nodes: [
			{
				id: nodeId(),
				name: 'Webhook',
				type: 'n8n-nodes-base.webhook',
				typeVersion: 2,
				position: [0, 0],
				webhookId,
				parameters: {
					httpMethod: 'POST',
					path: webhookId,
					responseMode: 'onReceived',
					options: {},
				},
			},
			{ ...read, id: nodeId(), name: 'Read session', position: [220, 0] },
		],
		connections: { Webhook: { main: [[{ node: 'Read session', type: 'main', index: 0 }]] } },
		active: false,
		settings: { executionOrder: 'v1' },
	};
}

module.exports = {
	TARGET,
	CONFIRM_FIELDS,
	actionWorkflow,
	briqpaySessionGet,
	httpSessionGet,
	floorSessionGet,
	briqpayTriggerWorkflow,
	webhookWorkflow,
};
