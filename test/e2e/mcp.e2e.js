'use strict';

/**
 * examples/mcp-read-only-tools.json in the real n8n: its MCP Server Trigger (published by
 * global-setup.js, Bearer auth) exposes Briqpay's read-only operations as tools, and the official
 * MCP client SDK (@modelcontextprotocol/sdk, Streamable HTTP) talks to it like Claude Desktop or
 * an agent would. What the model could see is checked for secrets; what the stand-in received is
 * checked request by request.
 */
const { Client } = require('@modelcontextprotocol/sdk/client/index.js');
const {
	StreamableHTTPClientTransport,
} = require('@modelcontextprotocol/sdk/client/streamableHttp.js');

const { state, control, secretsIn, waitFor } = require('./helpers');

/** Everything the MCP client was answered, for the secret check at the end. */
const answers = [];
let client;

async function connect(token = state.mcpToken) {
	const transport = new StreamableHTTPClientTransport(new URL(state.mcpUrl), {
		requestInit: { headers: token ? { authorization: `Bearer ${token}` } : {} },
	});
	const mcp = new Client({ name: 'briqpay-e2e', version: '1.0.0' });
	await mcp.connect(transport);
	return mcp;
}

/** Calls a tool; returns the text the model would read, and the result. */
async function call(name, args) {
	const result = await client.callTool({ name, arguments: args });
	const text = (result.content ?? []).map((part) => part.text ?? '').join('\n');
	answers.push(text);
	return { result, text };
}

const apiRequests = async () => (await control.requests()).filter((r) => r.path.startsWith('/v3/'));

beforeAll(async () => {
	// Registered once n8n answers the MCP path with something other than "not registered".
	await waitFor(
		async () => {
			const response = await fetch(state.mcpUrl, { method: 'POST' });
			const body = await response.text();
			return response.status !== 404 || !body.includes('not registered');
		},
		{ what: `MCP endpoint ${state.mcpUrl}`, timeoutMs: 60000 },
	);
	client = await connect();
});

afterAll(async () => {
	await client?.close();
});

describe('Briqpay read-only tools over MCP (examples/mcp-read-only-tools.json)', () => {
	test('without the bearer token the MCP server refuses the client', async () => {
		await expect(connect(null)).rejects.toThrow();
		await expect(connect('wrong-token')).rejects.toThrow();
	});

	test('lists exactly the read-only tools, each saying it moves no money', async () => {
		const { tools } = await client.listTools();
		answers.push(JSON.stringify(tools));
		expect(tools.map((t) => t.name).sort()).toEqual(['Get_Session', 'Get_Token']);
		for (const tool of tools) expect(tool.description).toMatch(/without moving money/);
		const session = tools.find((t) => t.name === 'Get_Session');
		expect(Object.keys(session.inputSchema.properties)).toContain('sessionId');
	});

	test('gets a session: one authenticated GET at Briqpay, the simplified session for the model', async () => {
		const sessionId = state.seeded.sessions.approved;
		const before = (await apiRequests()).length;
		const { result, text } = await call('Get_Session', { sessionId });
		expect(result.isError).toBeFalsy();
		expect(text).toContain(sessionId);
		expect(text).toContain('order_approved_not_captured');
		expect(text).not.toContain('clientToken');
		expect(text).not.toContain('htmlSnippet');

		const made = (await apiRequests()).slice(before);
		expect(made.map((r) => `${r.method} ${r.path}`)).toEqual([`GET /v3/session/${sessionId}`]);
		const basic = `Basic ${Buffer.from(`${state.username}:${state.secret}`).toString('base64')}`;
		expect(made[0].headers.authorization).toBe(basic);
	});

	test('gets a saved card (token)', async () => {
		const tokenId = state.seeded.tokens.active;
		const { result, text } = await call('Get_Token', { tokenId });
		expect(result.isError).toBeFalsy();
		expect(text).toContain(tokenId);
		expect(text).toContain('active');
	});

	test('a made-up session ID is refused with words a model can act on, and Briqpay gets zero requests', async () => {
		const before = (await apiRequests()).length;
		const { text } = await call('Get_Session', { sessionId: 'the-latest-order' });
		// n8n hands the model the error message and its description ("Details: …").
		expect(text).toMatch(/Session ID "the-latest-order" is not a Briqpay ID/);
		expect(text).toMatch(/Do not guess or shorten it; nothing was sent to Briqpay/);
		expect(text).not.toContain('{{');
		expect((await apiRequests()).length).toBe(before);
	});

	test('no secret, bearer token or checkout token in anything the model was answered', async () => {
		const all = answers.join('\n');
		expect(all.length).toBeGreaterThan(100);
		expect(secretsIn(all)).toEqual([]);
		expect(all).not.toContain(state.mcpToken);
		expect(all).not.toMatch(/clientToken|htmlSnippet/);
	});
});
