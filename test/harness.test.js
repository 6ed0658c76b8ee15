'use strict';

/**
 * Self-tests of the engine-level harness (test/harness/) against a tiny plain-JS package
 * (test/harness/fixture-package/) and a node:http server on 127.0.0.1.
 */

const http = require('node:http');
const path = require('node:path');

// The harness first: it prepares N8N_USER_FOLDER / N8N_ENCRYPTION_KEY before n8n-core loads.
const { createHarness } = require('./harness');

const FIXTURE_DIR = path.join(__dirname, 'harness', 'fixture-package');
const USER = 'fixture-user';
const PASSWORD = 'fixture-secret-password-1234';
const API_KEY = 'fixture-api-key-5678';
const BASIC = `Basic ${Buffer.from(`${USER}:${PASSWORD}`).toString('base64')}`;

function startServer() {
	const requests = [];
	const server = http.createServer((req, res) => {
		const chunks = [];
		req.on('data', (c) => chunks.push(c));
		req.on('end', () => {
			requests.push({ method: req.method, url: req.url, headers: req.headers });
			const send = (status, body) => {
				res.statusCode = status;
				res.setHeader('content-type', 'application/json');
				res.end(JSON.stringify(body));
			};
			switch (req.url) {
				case '/echo':
					return send(200, {
						authorization: req.headers.authorization ?? null,
						apiKey: req.headers['x-api-key'] ?? null,
						env: req.headers['x-fixture-env'] ?? null,
					});
				case '/boom':
					return send(500, { error: 'server exploded' });
				case '/whoami': {
					if (req.headers.authorization === BASIC) return send(200, { user: USER });
					const [user] = Buffer.from(
						String(req.headers.authorization).replace(/^Basic /, ''),
						'base64',
					)
						.toString()
						.split(':');
					if (user === 'blocked')
						return send(403, { error: { code: 'FORBIDDEN', message: 'not for you' } });
					return send(403, { error: { code: 'UNAUTHORIZED', message: 'who are you' } });
				}
				case '/whoami-key':
					if (req.headers['x-api-key'] === API_KEY) return send(200, { ok: true });
					res.statusCode = 401;
					return res.end();
				default:
					return send(404, { error: 'not found' });
			}
		});
	});
	return new Promise((resolve) => {
		server.listen(0, '127.0.0.1', () => {
			resolve({ server, requests, baseUrl: `http://127.0.0.1:${server.address().port}` });
		});
	});
}

describe('engine-level harness', () => {
	let h;
	let srv;
	let creds;

	beforeAll(async () => {
		srv = await startServer();
		h = await createHarness({ packageDir: FIXTURE_DIR });
		creds = {
			fixtureApi: { username: USER, password: PASSWORD, baseUrl: srv.baseUrl },
			fixtureKeyApi: { apiKey: API_KEY, baseUrl: srv.baseUrl },
		};
	});

	afterAll(async () => {
		await h?.close();
		srv?.server.closeAllConnections();
		await new Promise((resolve) => srv.server.close(resolve));
	});

	beforeEach(() => {
		srv.requests.length = 0;
	});

	describe('loading', () => {
		it('loads the package through the `n8n` section with package-qualified type names', () => {
			expect(h.packageName).toBe('n8n-nodes-harness-fixture');
			expect(h.nodeTypeNames).toEqual({
				fixtureHttp: 'n8n-nodes-harness-fixture.fixtureHttp',
				fixtureFail: 'n8n-nodes-harness-fixture.fixtureFail',
				fixtureTrigger: 'n8n-nodes-harness-fixture.fixtureTrigger',
			});
			expect(h.credentialTypes.getSupportedNodes('fixtureApi')).toEqual([
				'n8n-nodes-harness-fixture.fixtureHttp',
				'n8n-nodes-harness-fixture.fixtureTrigger',
			]);
		});
	});

	describe('runNode', () => {
		it('sends the Authorization header built by the credential’s generic authenticate', async () => {
			const run = await h.runNode({
				node: { type: 'fixtureHttp', parameters: { path: '/echo' } },
				credentials: creds,
				items: [{ json: { a: 1 } }],
			});
			expect(run.status).toBe('success');
			expect(run.error).toBeUndefined();
			expect(srv.requests).toHaveLength(1);
			expect(srv.requests[0].headers.authorization).toBe(BASIC);
			// A header from authenticate.properties.headers, resolved from a defaulted property.
			expect(srv.requests[0].headers['x-fixture-env']).toBe('custom');
			expect(run.items[0].json).toMatchObject({ authorization: BASIC, environment: 'custom' });
		});

		it('applies a function-valued authenticate', async () => {
			const run = await h.runNode({
				node: {
					type: 'n8n-nodes-harness-fixture.fixtureHttp',
					parameters: { authentication: 'apiKey' },
				},
				credentials: creds,
			});
			expect(run.status).toBe('success');
			expect(srv.requests[0].headers['x-api-key']).toBe(API_KEY);
			expect(srv.requests[0].headers.authorization).toBeUndefined();
		});

		it('returns items with pairedItem, the runData and all outputs', async () => {
			const run = await h.runNode({
				node: { type: 'fixtureFail', parameters: { tag: 'seen' } },
				items: [{ json: { n: 1 } }, { json: { n: 2 } }, { json: { n: 3 } }],
			});
			expect(run.status).toBe('success');
			expect(run.items.map((i) => i.json)).toEqual([
				{ n: 1, tag: 'seen' },
				{ n: 2, tag: 'seen' },
				{ n: 3, tag: 'seen' },
			]);
			expect(run.items.map((i) => i.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
			expect(run.outputs).toHaveLength(1);
			expect(Object.keys(run.runData)).toEqual(['Harness Input', 'Fixture Fail']);
		});

		it('surfaces a NodeOperationError as run.error with status error', async () => {
			const run = await h.runNode({
				node: { type: 'fixtureFail', parameters: {} },
				items: [{ json: { fail: false } }, { json: { fail: true } }],
			});
			expect(run.status).toBe('error');
			expect(run.error).toMatchObject({
				name: 'NodeOperationError',
				message: 'Item 1 asked to fail',
				description: 'Remove `fail: true` from the item',
			});
			expect(run.error.context.itemIndex).toBe(1);
			expect(run.items).toEqual([]);
		});

		it('surfaces an HTTP failure as a NodeApiError with its status code', async () => {
			const run = await h.runNode({
				node: { type: 'fixtureHttp', parameters: { path: '/boom' } },
				credentials: creds,
			});
			expect(run.status).toBe('error');
			expect(run.error.name).toBe('NodeApiError');
			expect(run.error.httpCode).toBe('500');
		});

		it('turns failing items into error items with continueOnFail', async () => {
			const run = await h.runNode({
				node: { type: 'fixtureFail', parameters: {}, continueOnFail: true },
				items: [{ json: { fail: true } }, { json: { n: 2 } }],
			});
			expect(run.status).toBe('success');
			expect(run.error).toBeUndefined();
			expect(run.items).toEqual([
				{ json: { error: 'Item 0 asked to fail' }, pairedItem: { item: 0 } },
				{ json: { n: 2, tag: 'ok' }, pairedItem: { item: 1 } },
			]);
		});

		it("routes error items to the error output with onError 'continueErrorOutput'", async () => {
			const run = await h.runNode({
				node: { type: 'fixtureFail', parameters: {}, onError: 'continueErrorOutput' },
				items: [{ json: { fail: true } }, { json: { n: 2 } }],
			});
			expect(run.status).toBe('success');
			expect(run.outputs[0].map((i) => i.json)).toEqual([{ n: 2, tag: 'ok' }]);
			expect(run.outputs[1].map((i) => i.json)).toEqual([
				{ fail: true, error: 'Item 0 asked to fail' },
			]);
		});

		it('captures every log line (node and engine) and never the password', async () => {
			const run = await h.runNode({
				node: { type: 'fixtureHttp', parameters: {} },
				credentials: creds,
				items: [{ json: {} }],
			});
			const text = run.logs.map((l) => l.line).join('\n');
			expect(text).toContain('fixtureHttp calling the fixture server');
			expect(text).toContain('Start executing node "Fixture HTTP"');
			expect(text).not.toContain(PASSWORD);
		});

		it('fails cleanly when the credentials are missing', async () => {
			const run = await h.runNode({ node: { type: 'fixtureHttp', parameters: {} } });
			expect(run.status).toBe('error');
			expect(run.error.message).toMatch(/credentials/i);
		});
	});

	describe('runWorkflow', () => {
		it('runs an exported workflow and reports every node’s output', async () => {
			const workflow = {
				nodes: [
					{
						name: 'Start',
						type: 'n8n-nodes-base.manualTrigger',
						typeVersion: 1,
						position: [0, 0],
						parameters: {},
					},
					{
						name: 'Tag',
						type: 'n8n-nodes-harness-fixture.fixtureFail',
						typeVersion: 1,
						position: [200, 0],
						parameters: { tag: 'x' },
					},
					{ name: 'Call', type: 'fixtureHttp', position: [400, 0], parameters: {} },
				],
				connections: {
					Start: { main: [[{ node: 'Tag', type: 'main', index: 0 }]] },
					Tag: { main: [[{ node: 'Call', type: 'main', index: 0 }]] },
				},
			};
			const run = await h.runWorkflow(workflow, {
				credentials: creds,
				items: [{ json: { id: 7 } }],
			});
			expect(run.status).toBe('success');
			expect(run.lastNodeExecuted).toBe('Call');
			expect(run.nodeItems.Tag[0].json).toEqual({ id: 7, tag: 'x' });
			expect(run.nodeOutputs.Call[0][0].json.input).toEqual({ id: 7, tag: 'x' });
			expect(run.items[0].json.authorization).toBe(BASIC);
		});
	});

	describe('testCredential', () => {
		it('returns OK when the test request succeeds, through the credential’s authenticate', async () => {
			const result = await h.testCredential('fixtureApi', creds.fixtureApi);
			expect(result).toEqual({ status: 'OK', message: 'Connection successful!' });
			expect(Array.isArray(result.logs)).toBe(true);
			expect(srv.requests).toEqual([expect.objectContaining({ method: 'GET', url: '/whoami' })]);
			expect(srv.requests[0].headers.authorization).toBe(BASIC);
		});

		it('matches responseSuccessBody rules on error.code of an ignored 403 JSON body', async () => {
			const wrong = await h.testCredential('fixtureApi', { ...creds.fixtureApi, password: 'nope' });
			expect(wrong).toMatchObject({ status: 'Error', message: 'Username or password is wrong' });
			const blocked = await h.testCredential('fixtureApi', {
				...creds.fixtureApi,
				username: 'blocked',
			});
			expect(blocked).toMatchObject({
				status: 'Error',
				message: 'These credentials may not use this API',
			});
		});

		it('uses responseCode rules when the request throws', async () => {
			await expect(h.testCredential('fixtureKeyApi', creds.fixtureKeyApi)).resolves.toMatchObject({
				status: 'OK',
			});
			await expect(
				h.testCredential('fixtureKeyApi', { ...creds.fixtureKeyApi, apiKey: 'bad' }),
			).resolves.toMatchObject({ status: 'Error', message: 'The API key was refused' });
		});

		it('reports a network failure by its error code', async () => {
			const result = await h.testCredential('fixtureApi', {
				...creds.fixtureApi,
				baseUrl: 'http://127.0.0.1:9',
			});
			expect(result).toMatchObject({ status: 'Error', message: 'ECONNREFUSED' });
		});
	});

	describe('runWebhook', () => {
		const trigger = {
			type: 'fixtureTrigger',
			name: 'Fixture Trigger',
			webhookId: 'a0b1c2d3-0000-4000-8000-000000000001',
			parameters: {},
		};

		it('handles a POST JSON body: rawBody is a Buffer of the exact bytes, default n8n response, items emitted', async () => {
			const rawBody = '{"id":"evt_1",  "amount": 10}';
			const res = await h.runWebhook({
				node: trigger,
				credentials: creds,
				request: {
					method: 'POST',
					headers: { 'Content-Type': 'application/json', 'X-Fixture-Secret': PASSWORD },
					body: { id: 'evt_1', amount: 10 },
					rawBody,
				},
			});
			expect(res.statusCode).toBe(200);
			expect(res.body).toEqual({ message: 'Workflow was started' });
			expect(res.workflowData).toHaveLength(1);
			expect(res.emitted).toHaveLength(1);
			expect(res.emitted[0].json).toMatchObject({
				body: { id: 'evt_1', amount: 10 },
				rawBodyIsBuffer: true,
				rawBody,
				webhookUrl: 'http://127.0.0.1:5678/webhook/a0b1c2d3-0000-4000-8000-000000000001/webhook',
			});
			expect(res.run.status).toBe('success');
		});

		it('defaults rawBody to the JSON text of body', async () => {
			const res = await h.runWebhook({
				node: trigger,
				credentials: creds,
				request: {
					method: 'POST',
					headers: { 'x-fixture-secret': PASSWORD },
					body: { id: 'evt_2' },
				},
			});
			expect(res.emitted[0].json.rawBody).toBe('{"id":"evt_2"}');
		});

		it('handles a GET with a query on the second webhook', async () => {
			const res = await h.runWebhook({
				node: trigger,
				credentials: creds,
				webhookName: 'setup',
				request: { method: 'GET', query: { challenge: 'abc', n: '1' } },
			});
			expect(res.statusCode).toBe(200);
			expect(res.emitted[0].json).toEqual({ query: { challenge: 'abc', n: '1' }, method: 'GET' });
		});

		it('routes by method and path like n8n (path given as the node path or the URL path)', async () => {
			for (const path of ['webhook', `/webhook/${trigger.webhookId}/webhook`]) {
				const res = await h.runWebhook({
					node: trigger,
					credentials: creds,
					request: { method: 'GET', path, query: { p: path } },
				});
				expect(res.emitted[0].json).toEqual({ query: { p: path }, method: 'GET' });
			}
		});

		it("answers with the last node's first item for responseMode 'lastNode'", async () => {
			const res = await h.runWebhook({
				workflow: {
					nodes: [trigger, { name: 'Tag', type: 'fixtureFail', parameters: { tag: 'synced' } }],
					connections: { 'Fixture Trigger': { main: [[{ node: 'Tag', type: 'main', index: 0 }]] } },
				},
				webhookName: 'sync',
				credentials: creds,
				request: { method: 'POST', body: { id: 'evt_sync' } },
			});
			expect(res.statusCode).toBe(200);
			expect(res.body).toEqual({ body: { id: 'evt_sync' }, tag: 'synced' });
		});

		it("test URL (mode 'manual'): the run is manual, but WebhookContext.getNodeWebhookUrl still gives the production URL (n8n-core 2.40 behaviour)", async () => {
			const res = await h.runWebhook({
				node: trigger,
				mode: 'manual',
				credentials: creds,
				request: {
					method: 'POST',
					headers: { 'x-fixture-secret': PASSWORD },
					body: { id: 'evt_manual' },
				},
			});
			expect(res.webhookUrl).toBe(
				`http://127.0.0.1:5678/webhook-test/${trigger.webhookId}/webhook`,
			);
			expect(res.emitted[0].json.webhookUrl).toBe(
				`http://127.0.0.1:5678/webhook/${trigger.webhookId}/webhook`,
			);
			expect(res.run.fullRunData.mode).toBe('manual');
		});

		it('answers 404 like n8n for a method the path is not registered for', async () => {
			const res = await h.runWebhook({
				node: trigger,
				credentials: creds,
				request: { method: 'PUT', body: {} },
			});
			expect(res.statusCode).toBe(404);
			expect(res.body).toEqual({
				code: 404,
				message:
					'This webhook is not registered for PUT requests. Did you mean to make a POST or GET request?',
			});
			expect(res.emitted).toEqual([]);
		});

		it('passes a custom status from res.status().json() with noWebhookResponse and starts no run', async () => {
			const res = await h.runWebhook({
				node: trigger,
				credentials: creds,
				request: {
					method: 'POST',
					headers: { 'x-fixture-secret': 'wrong' },
					body: { id: 'evt_3' },
				},
			});
			expect(res.statusCode).toBe(401);
			expect(res.body).toEqual({ error: 'signature mismatch' });
			expect(res.noWebhookResponse).toBe(true);
			expect(res.workflowData).toBeUndefined();
			expect(res.emitted).toEqual([]);
			expect(res.run).toBeUndefined();
		});

		it('keeps static data across calls (dedupe) and answers {} with "Webhook call received"', async () => {
			const staticData = {};
			const request = {
				method: 'POST',
				headers: { 'x-fixture-secret': PASSWORD },
				body: { id: 'evt_dup' },
			};
			const first = await h.runWebhook({ node: trigger, credentials: creds, request, staticData });
			expect(first.emitted).toHaveLength(1);
			expect(staticData).toEqual({ 'node:Fixture Trigger': { ids: ['evt_dup'] } });
			expect(first.staticData).toBe(staticData);

			const second = await h.runWebhook({ node: trigger, credentials: creds, request, staticData });
			expect(second.statusCode).toBe(200);
			expect(second.body).toEqual({ message: 'Webhook call received' });
			expect(second.workflowData).toBeUndefined();
			expect(second.emitted).toEqual([]);
			expect(staticData['node:Fixture Trigger'].ids).toEqual(['evt_dup']);
		});

		it('saves static data like n8n: whole, only when the call changed it, the last save wins', async () => {
			const staticData = { 'node:Fixture Trigger': { ids: ['old'] } };
			const post = (id) =>
				h.runWebhook({
					node: trigger,
					credentials: creds,
					staticData,
					request: { method: 'POST', headers: { 'x-fixture-secret': PASSWORD }, body: { id } },
				});
			// Both calls load the same stored state; each saves its own copy; the later save wins.
			const [a, b] = await Promise.all([post('evt_a'), post('evt_b')]);
			expect([a.staticDataSaved, b.staticDataSaved]).toEqual([true, true]);
			expect([a.emitted.length, b.emitted.length]).toEqual([1, 1]);
			expect(staticData['node:Fixture Trigger'].ids).toHaveLength(2);
			expect(['evt_a', 'evt_b']).toContain(staticData['node:Fixture Trigger'].ids[1]);

			const refused = await h.runWebhook({
				node: trigger,
				credentials: creds,
				staticData,
				request: { method: 'POST', headers: { 'x-fixture-secret': 'wrong' }, body: { id: 'x' } },
			});
			expect(refused.statusCode).toBe(401);
			expect(refused.staticDataSaved).toBe(false);
		});

		it('failExecutionStart: n8n cannot create the execution (database or queue down): 500, no run, static data not saved', async () => {
			const staticData = { 'node:Fixture Trigger': { ids: ['old'] } };
			const res = await h.runWebhook({
				node: trigger,
				credentials: creds,
				staticData,
				failExecutionStart: true,
				request: { method: 'POST', headers: { 'x-fixture-secret': PASSWORD }, body: { id: 'new' } },
			});
			expect(res.statusCode).toBe(500);
			expect(res.body).toEqual({ code: 0, message: 'There was a problem executing the workflow' });
			expect(res.workflowData).toHaveLength(1);
			expect(res.run).toBeUndefined();
			expect(res.emitted).toEqual([]);
			expect(res.staticDataSaved).toBe(false);
			expect(staticData).toEqual({ 'node:Fixture Trigger': { ids: ['old'] } });
		});

		it('answers 500 when webhook() throws, records the error and does not save static data', async () => {
			const staticData = { 'node:Fixture Trigger': { ids: ['old'] } };
			const res = await h.runWebhook({
				node: trigger,
				credentials: creds,
				staticData,
				request: {
					method: 'POST',
					headers: { 'x-fixture-secret': PASSWORD },
					body: { id: 'new', explode: true },
				},
			});
			expect(res.statusCode).toBe(500);
			expect(res.body).toEqual({
				code: 0,
				message: 'Workflow Webhook Error: Workflow could not be started!',
			});
			expect(res.error.message).toBe('webhook exploded');
			expect(res.run.status).toBe('error');
			expect(staticData).toEqual({ 'node:Fixture Trigger': { ids: ['old'] } });
		});

		it('answers 422 like n8n for a JSON body that does not parse', async () => {
			const res = await h.runWebhook({
				node: trigger,
				credentials: creds,
				request: {
					method: 'POST',
					headers: { 'content-type': 'application/json' },
					rawBody: '{"id":',
				},
			});
			expect(res.statusCode).toBe(422);
			expect(res.body.message).toBe('Failed to parse request body');
		});

		it('runs downstream nodes when given a workflow', async () => {
			const res = await h.runWebhook({
				workflow: {
					nodes: [trigger, { name: 'Tag', type: 'fixtureFail', parameters: { tag: 'after' } }],
					connections: { 'Fixture Trigger': { main: [[{ node: 'Tag', type: 'main', index: 0 }]] } },
				},
				credentials: creds,
				request: {
					method: 'POST',
					headers: { 'x-fixture-secret': PASSWORD },
					body: { id: 'evt_wf' },
				},
			});
			expect(res.emitted[0].json.body).toEqual({ id: 'evt_wf' });
			expect(res.run.nodeItems.Tag[0].json.tag).toBe('after');
		});
	});

	describe('runWebhookMethod', () => {
		const trigger = {
			type: 'fixtureTrigger',
			name: 'Fixture Trigger',
			webhookId: 'a0b1c2d3-0000-4000-8000-000000000002',
			parameters: {},
		};

		it('runs create / checkExists / delete with static data, production URL', async () => {
			const staticData = {};
			const call = (method) =>
				h.runWebhookMethod({ node: trigger, credentials: creds, method, staticData });

			expect((await call('checkExists')).result).toBe(false);
			const created = await call('create');
			expect(created.result).toBe(true);
			expect(created.webhookUrl).toBe(
				'http://127.0.0.1:5678/webhook/a0b1c2d3-0000-4000-8000-000000000002/webhook',
			);
			expect(staticData['node:Fixture Trigger']).toEqual({
				registeredUrl: created.webhookUrl,
				activation: 'activate',
			});
			expect(created.staticData).toBe(staticData);
			expect(created.nodeStaticData).toEqual(staticData['node:Fixture Trigger']);
			expect((await call('checkExists')).result).toBe(true);
			expect((await call('delete')).result).toBe(true);
			expect(staticData['node:Fixture Trigger']).toEqual({});
			expect((await call('checkExists')).result).toBe(false);
		});

		it("uses the test URL and activation 'manual' in mode 'manual'", async () => {
			const res = await h.runWebhookMethod({
				node: trigger,
				credentials: creds,
				method: 'create',
				mode: 'manual',
			});
			expect(res.webhookUrl).toBe(
				'http://127.0.0.1:5678/webhook-test/a0b1c2d3-0000-4000-8000-000000000002/webhook',
			);
			expect(res.staticData['node:Fixture Trigger']).toEqual({
				registeredUrl: res.webhookUrl,
				activation: 'manual',
			});
		});
	});
});
