'use strict';

/**
 * The Briqpay credential used by n8n's own HTTP Request node (Authentication: Predefined Credential
 * Type → Briqpay API): n8n applies the credential's `authenticate` there too, so users can call
 * an endpoint the Briqpay node does not cover with the same keys.
 */
const { randomUUID } = require('node:crypto');

const { SANDBOX_CREDENTIAL } = require('../../scripts/sandbox');
const {
	state,
	control,
	restClient,
	saveTranscript,
	fakeRequests,
	nodeOutput,
	nowIso,
} = require('./helpers');
const { manualWorkflow } = require('./workflows');

let rest;

beforeAll(async () => {
	rest = await restClient();
});

afterAll(() => saveTranscript('credential.e2e.js'));

test('HTTP Request with the Briqpay credential sends its Basic header and reads the session', async () => {
	const session = await control.seedSession({});
	const since = nowIso();
	const workflow = await rest.createWorkflow(
		manualWorkflow('e2e: HTTP Request with the Briqpay credential', [
			{
				id: randomUUID(),
				name: 'Read session',
				type: 'n8n-nodes-base.httpRequest',
				typeVersion: 4.3,
				parameters: {
					url: `${state.fakeBaseUrl}/v3/session/${session.sessionId}`,
					authentication: 'predefinedCredentialType',
					nodeCredentialType: 'briqpayApi',
					options: {},
				},
				credentials: { briqpayApi: SANDBOX_CREDENTIAL },
			},
		]),
	);
	const execution = await rest.runAndWait(workflow.id, 'Start');
	expect(execution.status).toBe('success');
	const [read] = nodeOutput(execution, 'Read session');
	expect(read.sessionId).toBe(session.sessionId);
	const sent = await fakeRequests({ since, path: `/v3/session/${session.sessionId}` });
	expect(sent).toHaveLength(1);
	expect(sent[0].status).toBe(200);
	expect(sent[0].headers.authorization).toBe(
		`Basic ${Buffer.from(`${state.username}:${state.secret}`).toString('base64')}`,
	);
});
