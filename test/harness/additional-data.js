'use strict';

/**
 * The `IWorkflowExecuteAdditionalData` every n8n-core context receives — the harness's
 * counterpart of the CLI's `WorkflowExecuteAdditionalData.getBase()`.
 *
 * Real: the credentials helper (see credentials-helper.js), the lifecycle hooks, URL bases
 * laid out as n8n lays them out (`<base>webhook`, `<base>webhook-test`, `<base>rest`…),
 * n8n-core's ExternalSecretsProxy (with no secrets manager, so `$secrets` is empty).
 * Stubbed (throw or no-op): sub-workflow execution, the task runner, AI event logging,
 * runtime credentials, execution-data lookups — a community action/trigger node has no business
 * reaching them, and a test that does should fail loudly.
 */

const { coreRequire } = require('./env');

const { Container } = coreRequire('@n8n/di');
const { ExternalSecretsProxy } = coreRequire('n8n-core');
const { UnexpectedError } = coreRequire('n8n-workflow');

function normaliseBaseUrl(url) {
	return url.endsWith('/') ? url : `${url}/`;
}

function notInHarness(what) {
	return async () => {
		throw new UnexpectedError(`${what} is not available in the test harness`);
	};
}

/**
 * @param {object} options
 * @param {import('n8n-workflow').ICredentialsHelper} options.credentialsHelper
 * @param {import('n8n-core').ExecutionLifecycleHooks} [options.hooks]
 * @param {string} options.webhookBaseUrl e.g. 'http://127.0.0.1:5678/'
 * @param {string} [options.executionId]
 * @param {string} [options.workflowId]
 */
function buildAdditionalData({
	credentialsHelper,
	hooks,
	webhookBaseUrl,
	executionId,
	workflowId,
}) {
	const base = normaliseBaseUrl(webhookBaseUrl);
	const additionalData = {
		credentialsHelper,
		hooks,
		executionId,
		workflowId,
		userId: 'harness-user',
		projectId: 'harness-project',
		currentNodeExecutionIndex: 0,
		restApiUrl: `${base}rest`,
		instanceBaseUrl: base,
		formBaseUrl: `${base}form`,
		formWaitingBaseUrl: `${base}form-waiting`,
		formTestBaseUrl: `${base}form-test`,
		webhookBaseUrl: `${base}webhook`,
		webhookWaitingBaseUrl: `${base}webhook-waiting`,
		webhookTestBaseUrl: `${base}webhook-test`,
		mcpBaseUrl: `${base}mcp`,
		mcpTestBaseUrl: `${base}mcp-test`,
		variables: {},
		externalSecretsProxy: Container.get(ExternalSecretsProxy),
		// Older n8n-core lines read secrets through this; kept empty for the same reason.
		secretsHelpers: {
			update: async () => {},
			waitForInit: async () => {},
			getSecret: () => undefined,
			hasSecret: () => false,
			hasProvider: () => false,
			listProviders: () => [],
			listSecrets: () => [],
		},
		logAiEvent: () => {},
		executeWorkflow: notInHarness('Executing a sub-workflow'),
		startRunnerTask: notInHarness('The task runner (Code node)'),
		getRunExecutionData: async () => undefined,
		getRuntimeCredential: async () => undefined,
		setExecutionStatus: () => {},
		sendDataToUI: () => {},
	};
	return additionalData;
}

module.exports = { buildAdditionalData, normaliseBaseUrl };
