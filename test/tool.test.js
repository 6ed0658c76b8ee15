'use strict';

/**
 * The Briqpay node as an AI tool (shared/tool.ts): n8n runs it as `n8n-nodes-briqpay.briqpayTool`
 * (the harness builds that variant as n8n's CLI does: same class, name + 'Tool'). Run through the
 * engine against the fake; the MCP end-to-end test (test/e2e/mcp.e2e.js) checks the same in n8n.
 */
const { setup, SECRET } = require('./helpers');

const t = setup();

const asTool = (parameters, options = {}) =>
	t.harness.runNode({
		node: {
			type: 'briqpayTool',
			name: 'Get_Session',
			parameters,
			continueOnFail: options.continueOnFail,
		},
		credentials: t.credentials,
	});

describe('as an AI tool', () => {
	test('Simplify is on by default: the model gets the facts, never clientToken or htmlSnippet', async () => {
		const seeded = t.fake.seedSession({ status: 'completed' });
		const tool = await asTool({
			resource: 'session',
			operation: 'get',
			sessionId: seeded.sessionId,
		});
		expect(tool.error).toBeUndefined();
		const [item] = tool.items;
		expect(item.json).toMatchObject({
			sessionId: seeded.sessionId,
			status: 'completed',
			orderStatus: 'order_approved_not_captured',
			amountIncVat: 31125,
		});
		const seen = JSON.stringify(tool.items);
		expect(seen).not.toContain('clientToken');
		expect(seen).not.toContain('htmlSnippet');
		expect(seen).not.toContain(seeded.clientToken);
		expect(seen).not.toContain(SECRET);
		expect(t.requests()).toHaveLength(1);

		// The same operation as a workflow node keeps its old default: the whole session.
		const node = await t.briqpay({
			resource: 'session',
			operation: 'get',
			sessionId: seeded.sessionId,
		});
		expect(node.items[0].json.clientToken).toBe(seeded.clientToken);
	});

	test('a builder can still switch Simplify off on the tool', async () => {
		const seeded = t.fake.seedSession({});
		const tool = await asTool({
			resource: 'session',
			operation: 'get',
			sessionId: seeded.sessionId,
			simplify: false,
		});
		expect(tool.items[0].json.htmlSnippet).toBe(seeded.htmlSnippet);
	});

	test('a made-up ID: refused with a hint a model can act on, and zero requests', async () => {
		const tool = await asTool({ resource: 'session', operation: 'get', sessionId: 'session-123' });
		expect(tool.error.message).toBe('Session ID "session-123" is not a Briqpay ID');
		expect(tool.error.description).toBe(
			'Give the Session ID exactly as Briqpay returned it (for example the sessionId field of an earlier answer): a Briqpay ID looks like c5674f4f-7e84-405c-a44b-c83736bb7209. Do not guess or shorten it; nothing was sent to Briqpay.',
		);
		expect(tool.error.description).not.toContain('{{');
		expect(t.requests()).toHaveLength(0);

		const node = await t.briqpay({
			resource: 'session',
			operation: 'get',
			sessionId: 'session-123',
		});
		expect(node.error.description).toContain('{{ $json.sessionId }}');
		expect(node.error.description).toContain('looks like c5674f4f-');
		expect(t.requests()).toHaveLength(0);
	});
});

describe('what an agent reads about each operation', () => {
	test('every operation’s action (n8n’s tool description: "<action> in Briqpay") says what it does with money', async () => {
		const nodeType = t.harness.nodeTypes.getByNameAndVersion('n8n-nodes-briqpay.briqpay', 1);
		const operations = nodeType.description.properties.filter((p) => p.name === 'operation');
		const actions = operations.flatMap((p) => p.options.map((o) => o.action));
		expect(actions).toHaveLength(13);
		for (const action of actions) expect(action).toMatch(/money|pay/);
		expect(actions).toEqual(
			expect.arrayContaining([
				'Get a session without moving money',
				'Charge a token and take money from the saved payment method now',
				'Capture an order and take the reserved money from the customer',
				'Refund an order and send captured money back to the customer',
			]),
		);
	});
});
