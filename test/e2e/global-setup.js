'use strict';

/**
 * Starts one sandbox for the whole end-to-end run (n8n is started once):
 * the package packed and installed like n8n installs it, the Briqpay stand-in, two credentials
 * (the stand-in's keys, and a wrong secret), the examples (the Slack one with its Slack node
 * swapped for a local stand-in), a trigger workflow for every event; trigger workflows published
 * before `n8n start`; then n8n, its webhooks and the owner. The test files read what they need
 * from the JSON file in BRIQPAY_E2E_STATE and talk to n8n's REST API and the stand-in's /__control.
 */
const { randomBytes } = require('node:crypto');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const sb = require('../../scripts/sandbox');
const { startSlackStandIn } = require('./slack-stand-in');
const {
	WRONG_CREDENTIAL,
	EVENTS_V1_WORKFLOW_ID,
	EVENTS_V1_WEBHOOK_ID,
	eventsWorkflow,
	slackVariant,
} = require('./workflows');

const OWNER = { email: 'e2e-owner@example.com', password: 'E2e-Owner-Passw0rd' };

module.exports = async function globalSetup() {
	const started = Date.now();
	const line = (text) => process.stdout.write(`[e2e] ${text}\n`);
	process.stdout.write('\n');
	const dir = fs.mkdtempSync(path.join(process.env.E2E_TMPDIR || os.tmpdir(), 'briqpay-e2e-'));
	const secret = `e2e-secret-${randomBytes(12).toString('hex')}`;
	const wrongSecret = `e2e-wrong-${randomBytes(12).toString('hex')}`;
	const mcpToken = `e2e-mcp-${randomBytes(16).toString('hex')}`;
	const username = 'e2e-user';
	// N8N_LINE is set per line by scripts/test-e2e.js (`npm run test:e2e`).
	const sandbox = new sb.Sandbox({
		dir,
		username,
		secret,
		owner: OWNER,
		line: process.env.N8N_LINE,
	});
	line(`n8n ${sandbox.line.n8nVersion} (line ${sandbox.line.name}) on Node ${sandbox.line.node}`);
	globalThis.__BRIQPAY_E2E__ = { sandbox, dir, started };

	try {
		if (sb.buildIsStale()) {
			line('dist/ is older than the sources: npm run build');
			await sb.buildPackage({ log: path.join(sandbox.logsDir, 'build.log') });
		}
		const installed = await sandbox.installPackage({ build: false });
		line(`${installed.name}@${installed.version} packed and installed into ${installed.dir}`);

		const fake = await sandbox.startFake({ seed: true });
		await sb.seedForExamples(fake.control);
		await sandbox.prepareEnv();
		const slack = await startSlackStandIn();
		globalThis.__BRIQPAY_E2E__.slack = slack;
		const slackPort = slack.port;

		await sandbox.importCredentials([
			sb.credentialData(fake),
			{
				id: WRONG_CREDENTIAL.id,
				name: WRONG_CREDENTIAL.name,
				type: 'briqpayApi',
				data: { environment: 'custom', baseUrl: fake.baseUrl, username, secret: wrongSecret },
			},
			{ ...sb.MCP_BEARER_CREDENTIAL, type: 'httpBearerAuth', data: { token: mcpToken } },
		]);

		const examples = sb.loadExamples();
		const forSandbox = (wf) => sb.forSandbox(wf, { webhookBaseUrl: sandbox.webhookBaseUrl });
		const workflows = {
			recharge: forSandbox(examples.recharge),
			paymentLink: forSandbox(examples.paymentLink),
			captureOnApproval: forSandbox(examples.captureOnApproval),
			mcpTools: forSandbox(examples.mcpTools),
			slackAlert: forSandbox(slackVariant(slackPort)),
			events: eventsWorkflow(),
			eventsV1: eventsWorkflow({
				id: EVENTS_V1_WORKFLOW_ID,
				webhookId: EVENTS_V1_WEBHOOK_ID,
				typeVersion: 1,
			}),
		};
		const triggers = ['captureOnApproval', 'slackAlert', 'events', 'eventsV1'];
		await sandbox.importWorkflows(Object.values(workflows), {
			publish: [...triggers, 'mcpTools'].map((key) => workflows[key].id),
		});
		const triggerUrls = Object.fromEntries(
			triggers.map((key) => [key, sb.triggerUrls(workflows[key], sandbox.webhookBaseUrl)[0].url]),
		);

		await sandbox.startN8n({ waitForWebhooks: Object.values(triggerUrls) });
		line(
			`n8n ${sandbox.baseUrl} ready, ${triggers.length} triggers registered, stand-in ${fake.baseUrl}`,
		);

		const state = {
			line: sandbox.line.name,
			dir,
			baseUrl: sandbox.baseUrl,
			webhookBaseUrl: sandbox.webhookBaseUrl,
			fakeBaseUrl: fake.baseUrl,
			seeded: fake.seeded,
			owner: OWNER,
			username,
			secret,
			wrongSecret,
			mcpToken,
			mcpUrl: `${sandbox.baseUrl.replace(/\/?$/, '/')}mcp/${workflows.mcpTools.nodes.find((n) => n.type.endsWith('.mcpTrigger')).parameters.path}`,
			userFolder: sandbox.userFolder,
			n8nLog: sandbox.n8nLog,
			transcriptFile: path.join(dir, 'rest-transcript.log'),
			slackPort,
			workflowIds: Object.fromEntries(Object.entries(workflows).map(([k, wf]) => [k, wf.id])),
			triggerUrls,
			tarball: installed.tarball,
		};
		const stateFile = path.join(dir, 'e2e-state.json');
		fs.writeFileSync(stateFile, JSON.stringify(state, null, 2), { mode: 0o600 });
		process.env.BRIQPAY_E2E_STATE = stateFile;
		const t = sandbox.timings;
		line(
			`set-up ${((Date.now() - started) / 1000).toFixed(1)} s (install ${t.install} ms, import+publish ${t.import + t.publish} ms, n8n ready ${t['n8n ready']} ms, webhooks ${t.webhooks} ms)`,
		);
	} catch (error) {
		await globalThis.__BRIQPAY_E2E__.slack?.close();
		await sandbox.stop();
		process.stdout.write(`[e2e] set-up failed; logs in ${sandbox.logsDir}\n`);
		throw error;
	}
};
