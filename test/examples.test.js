'use strict';

/**
 * The example workflows (examples/*.json) against the built package, without starting n8n: every
 * Briqpay parameter they set exists and is shown for the chosen resource/operation (n8n drops
 * the others silently), they use the sandbox credential, triggers have fixed webhook ids, and each
 * has sticky notes. `npm run test:e2e` then runs them in a real n8n.
 */
const { createHarness } = require('./harness');
const { coreRequire } = require('./harness/env');
const { UUID } = require('./helpers');
const {
	EXAMPLES,
	EXAMPLE_WEBHOOK_BASE,
	SANDBOX_CREDENTIAL,
	loadExample,
} = require('../scripts/sandbox/workflows');

const { NodeHelpers } = coreRequire('n8n-workflow');

let harness;

beforeAll(async () => {
	harness = await createHarness();
});

afterAll(async () => {
	await harness?.close();
});

const examples = Object.keys(EXAMPLES).map((key) => [key, loadExample(key)]);

describe.each(examples)('examples/%s', (_key, workflow) => {
	const briqpayNodes = workflow.nodes.filter((n) => n.type.startsWith('n8n-nodes-briqpay.'));

	test('is an n8n export with a fixed id, connections between existing nodes and sticky notes', () => {
		expect(workflow.id).toMatch(/^[A-Za-z0-9]{16}$/);
		expect(workflow.name).toMatch(/^Briqpay: /);
		expect(workflow.settings).toEqual({ executionOrder: 'v1' });
		expect(workflow.active).toBe(false);
		const names = new Set(workflow.nodes.map((n) => n.name));
		expect(names.size).toBe(workflow.nodes.length);
		expect(new Set(workflow.nodes.map((n) => n.id)).size).toBe(workflow.nodes.length);
		for (const [from, byType] of Object.entries(workflow.connections)) {
			expect(names.has(from)).toBe(true);
			for (const target of Object.values(byType).flat(2)) expect(names.has(target.node)).toBe(true);
		}
		const notes = workflow.nodes.filter((n) => n.type === 'n8n-nodes-base.stickyNote');
		expect(notes.length).toBeGreaterThanOrEqual(2);
		for (const note of notes) expect(note.parameters.content.length).toBeGreaterThan(150);
		expect(briqpayNodes.length).toBeGreaterThan(0);
	});

	test('every Briqpay node is at its newest version and uses the sandbox credential; triggers have a fixed webhookId', () => {
		for (const node of briqpayNodes) {
			expect(node.typeVersion).toBe(harness.nodeTypes.latestVersion(node.type));
			expect(node.credentials).toEqual({ briqpayApi: SANDBOX_CREDENTIAL });
			if (node.type === 'n8n-nodes-briqpay.briqpayTrigger') expect(node.webhookId).toMatch(UUID);
		}
	});

	test('every parameter set on a Briqpay node exists and is shown', () => {
		for (const node of briqpayNodes) {
			const type = harness.nodeTypes.getByNameAndVersion(node.type, node.typeVersion);
			const resolved = NodeHelpers.getNodeParameters(
				type.description.properties,
				node.parameters,
				true,
				false,
				node,
				type.description,
			);
			for (const key of Object.keys(node.parameters)) {
				expect([node.name, key, key in resolved]).toEqual([node.name, key, true]);
			}
			// Options inside collections must be options of that collection.
			for (const property of type.description.properties) {
				const value = node.parameters[property.name];
				if (property.type !== 'collection' || !value) continue;
				const known = new Set(property.options.map((o) => o.name));
				for (const option of Object.keys(value)) {
					expect([node.name, property.name, option, known.has(option)]).toEqual([
						node.name,
						property.name,
						option,
						true,
					]);
				}
			}
		}
	});

	test('addresses of this n8n are written as the sandbox rewrites them', () => {
		const text = JSON.stringify(workflow);
		for (const match of text.matchAll(/https?:\/\/127\.0\.0\.1:\d+\/[^"\s]*/g)) {
			expect(match[0].startsWith(`${EXAMPLE_WEBHOOK_BASE}webhook/`)).toBe(true);
		}
	});
});

test('the payment link reports to the capture workflow', () => {
	const link = loadExample('paymentLink');
	const capture = loadExample('captureOnApproval');
	const trigger = capture.nodes.find((n) => n.type === 'n8n-nodes-briqpay.briqpayTrigger');
	const create = link.nodes.find(
		(n) => n.parameters.operation === 'create' && n.parameters.resource === 'session',
	);
	expect(create.parameters.hooks.hook).toEqual([
		{
			url: `${EXAMPLE_WEBHOOK_BASE}webhook/${trigger.webhookId}/webhook`,
			eventType: 'order_status',
			statuses: ['order_approved_not_captured'],
			method: 'POST',
		},
	]);
	expect(trigger.parameters.statusFilters).toEqual({
		order_statusStatuses: ['order_approved_not_captured'],
	});
});

describe('every parameter belongs to a resource', () => {
	test('all parameters but Resource and Processing are shown only for some resource', () => {
		const { Briqpay } = require('../dist/nodes/Briqpay/Briqpay.node.js');
		const loose = new Briqpay().description.properties
			.filter((p) => !['resource', 'processing'].includes(p.name))
			.filter((p) => !(p.displayOptions && p.displayOptions.show && p.displayOptions.show.resource))
			.map((p) => p.name);
		expect(loose).toEqual([]);
	});
});

test('the MCP example exposes only operations that move no money, as Briqpay tools wired to the MCP Server Trigger', () => {
	const mcp = loadExample('mcpTools');
	const trigger = mcp.nodes.find((n) => n.type === '@n8n/n8n-nodes-langchain.mcpTrigger');
	expect(trigger.parameters).toMatchObject({
		authentication: 'bearerAuth',
		path: 'briqpay-read-only',
	});
	const tools = mcp.nodes.filter((n) => n.type === 'n8n-nodes-briqpay.briqpayTool');
	expect(tools.map((n) => `${n.parameters.resource}.${n.parameters.operation}`).sort()).toEqual([
		'session.get',
		'token.get',
	]);
	for (const tool of tools) {
		expect(mcp.connections[tool.name]).toEqual({
			ai_tool: [[{ node: trigger.name, type: 'ai_tool', index: 0 }]],
		});
	}
	const type = harness.nodeTypes.getByNameAndVersion('n8n-nodes-briqpay.briqpay', 1);
	const actions = Object.fromEntries(
		type.description.properties
			.filter((p) => p.name === 'operation')
			.flatMap((p) =>
				p.options.map((o) => [`${p.displayOptions.show.resource[0]}.${o.value}`, o.action]),
			),
	);
	for (const tool of tools)
		expect(actions[`${tool.parameters.resource}.${tool.parameters.operation}`]).toMatch(
			/without moving money/,
		);
});
