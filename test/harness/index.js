'use strict';

/**
 * Engine-level test harness: runs the package's nodes through n8n-core's own engine.
 *
 *   const { createHarness } = require('./harness');
 *   const h = await createHarness({ packageDir });
 *   const run = await h.runNode({ node, credentials, items });
 *   await h.close();
 *
 * See README.md next to this file for what is real and what is stubbed.
 */

// Must come first: sets N8N_USER_FOLDER / N8N_ENCRYPTION_KEY before n8n-core builds anything.
const env = require('./env');

const path = require('node:path');

const { installCapturingLogger, collectLogs } = require('./logger');
const { installEncryptionKeyProvider } = require('./encryption');
const { loadPackage, HarnessNodeTypes, HarnessCredentialTypes } = require('./node-types');
const { HarnessCredentialsHelper } = require('./credentials-helper');
const { normaliseBaseUrl } = require('./additional-data');
const { buildWorkflow, executeWorkflow, describeRun, plain, writeBack } = require('./execute');
const { runWebhook, runWebhookMethod } = require('./webhook');
const { testCredential } = require('./credential-test');
const { loadOptions } = require('./load-options');

const { coreRequire } = env;
const { Container } = coreRequire('@n8n/di');
const { UnexpectedError } = coreRequire('n8n-workflow');

const DEFAULT_PACKAGE_DIR = path.resolve(__dirname, '..', '..');
const INPUT_NODE_NAME = 'Harness Input';

let openHarnesses = 0;

/** Stops n8n-core's background work so the test process can exit on its own. */
function stopBackgroundWork() {
	const { SSHClientsManager } = coreRequire('n8n-core/dist/execution-engine/ssh-clients-manager');
	Container.get(SSHClientsManager).onShutdown();
	const reporter = Container.get(coreRequire('n8n-core').ErrorReporter);
	if (reporter.expirationTimer) clearTimeout(reporter.expirationTimer);
}

class Harness {
	constructor({ packageDir, loader, nodeTypes, credentialTypes, webhookBaseUrl, logs }) {
		this.packageDir = packageDir;
		this.loader = loader;
		this.packageName = loader.packageName;
		this.nodeTypes = nodeTypes;
		this.credentialTypes = credentialTypes;
		this.webhookBaseUrl = webhookBaseUrl;
		this.harnessLogs = logs;
		this.closed = false;
		this.ctx = {
			nodeTypes,
			credentialTypes,
			webhookBaseUrl,
			collectLogs,
			makeCredentialsHelper: (credentials) =>
				HarnessCredentialsHelper.create({ credentialTypes, credentials }),
		};
	}

	/** Every log entry n8n's Logger received since this harness was created. */
	get logs() {
		return this.harnessLogs.entries;
	}

	clearLogs() {
		this.harnessLogs.entries.length = 0;
	}

	/** Node type names of the loaded package: short → full. */
	get nodeTypeNames() {
		return Object.fromEntries(
			this.nodeTypes.shortNames.map((short) => [short, `${this.packageName}.${short}`]),
		);
	}

	assertOpen() {
		if (this.closed) throw new UnexpectedError('This harness was closed');
	}

	/**
	 * Runs one node fed by `items` through a pass-through start node.
	 *
	 * @param {object} options
	 * @param {object} options.node INode-like: type (short or full), parameters, name?,
	 *   typeVersion?, continueOnFail?, onError?, alwaysOutputData?, executeOnce?, retryOnFail?…
	 * @param {Record<string, object>} [options.credentials] credential type → data
	 * @param {Array<{json: object}>} [options.items] default `[{ json: {} }]`
	 * @param {string} [options.mode] execution mode, default 'manual'
	 * @param {object} [options.staticData] workflow static data (written back after the run)
	 */
	async runNode({
		node,
		credentials,
		items = [{ json: {} }],
		mode = 'manual',
		staticData,
		settings,
	} = {}) {
		this.assertOpen();
		if (!node?.type) throw new UnexpectedError('runNode needs node.type');
		const type = this.nodeTypes.resolveTypeName(node.type);
		const description = this.nodeTypes.getByNameAndVersion(
			type,
			node.typeVersion ?? this.nodeTypes.latestVersion(type),
		).description;
		const name = node.name ?? description.defaults?.name ?? description.displayName;
		const inputName = name === INPUT_NODE_NAME ? `${INPUT_NODE_NAME} (start)` : INPUT_NODE_NAME;
		const workflowJson = {
			nodes: [
				{
					id: 'harness-input',
					name: inputName,
					type: 'n8n-harness.input',
					typeVersion: 1,
					position: [0, 0],
					parameters: {},
				},
				{
					position: [220, 0],
					parameters: {},
					...node,
					id: node.id ?? 'node-under-test',
					name,
					type,
				},
			],
			connections: { [inputName]: { main: [[{ node: name, type: 'main', index: 0 }]] } },
			settings,
		};
		const run = await this.runWorkflow(workflowJson, {
			credentials,
			items,
			mode,
			staticData,
			startNodeName: inputName,
			targetNodeName: name,
		});
		return run;
	}

	/**
	 * Runs a workflow (as n8n exports it) from its start node.
	 *
	 * @param {object} workflowJson `{ nodes, connections, settings?, staticData?, pinData? }`
	 * @param {object} [options]
	 * @param {Record<string, object>} [options.credentials]
	 * @param {string} [options.startNodeName] default: n8n's choice (`workflow.getStartNode()`)
	 * @param {Array<{json: object}>} [options.items] items fed to the start node, default `[{json:{}}]`
	 * @param {string} [options.mode] default 'manual'
	 * @param {object} [options.staticData]
	 * @param {string} [options.targetNodeName] whose output becomes `run.items` (default: last node executed)
	 */
	async runWorkflow(workflowJson, options = {}) {
		this.assertOpen();
		const logCollector = collectLogs();
		try {
			const mode = options.mode ?? 'manual';
			const credentialsHelper = await this.ctx.makeCredentialsHelper(options.credentials);
			const { workflow, workflowData } = buildWorkflow(workflowJson, {
				nodeTypes: this.nodeTypes,
				credentialsHelper,
				staticData: options.staticData,
			});
			const startNode = options.startNodeName
				? workflow.getNode(options.startNodeName)
				: workflow.getStartNode();
			if (!startNode) {
				throw new UnexpectedError(
					`No start node: ${options.startNodeName ? `"${options.startNodeName}" is not in the workflow` : 'give startNodeName'}`,
				);
			}
			const items = structuredClone(options.items ?? [{ json: {} }]);
			const { fullRunData, executionId } = await executeWorkflow({
				workflow,
				workflowData,
				credentialsHelper,
				webhookBaseUrl: this.webhookBaseUrl,
				mode,
				nodeExecutionStack: [{ node: startNode, data: { main: [items] }, source: null }],
			});
			const run = describeRun({
				fullRunData,
				executionId,
				targetNodeName: options.targetNodeName,
				workflow,
			});
			if (options.staticData)
				run.staticData = writeBack(options.staticData, plain(workflow.staticData));
			run.logs = logCollector.stop();
			return run;
		} catch (error) {
			logCollector.stop();
			throw error;
		}
	}

	/** n8n's "Test credential" for a declarative `test` (or a node's `testedBy`). */
	async testCredential(credentialType, data) {
		this.assertOpen();
		return await testCredential(this.ctx, credentialType, data);
	}

	/** A node's `methods.listSearch[method]` (or `loadOptions`) in n8n-core's LoadOptionsContext; see load-options.js. */
	async loadOptions(options) {
		this.assertOpen();
		const logCollector = collectLogs();
		try {
			return await loadOptions(this.ctx, options);
		} finally {
			logCollector.stop();
		}
	}

	/** One HTTP call to a trigger's webhook; see webhook.js for the n8n rules it follows. */
	async runWebhook(options) {
		this.assertOpen();
		return await runWebhook(this.ctx, options);
	}

	/** `webhookMethods[webhookName][method]` in n8n-core's HookContext. */
	async runWebhookMethod(options) {
		this.assertOpen();
		return await runWebhookMethod(this.ctx, options);
	}

	async close() {
		if (this.closed) return;
		this.closed = true;
		this.harnessLogs.stop();
		openHarnesses -= 1;
		stopBackgroundWork();
		if (openHarnesses === 0) env.removeUserFolder();
	}
}

/**
 * @param {object} [options]
 * @param {string} [options.packageDir] directory with the package.json whose `n8n` section lists
 *   the built files (default: the repository root)
 * @param {boolean} [options.lazy] load with LazyPackageDirectoryLoader (needs dist/known/*.json)
 * @param {string} [options.webhookBaseUrl] default 'http://127.0.0.1:5678/'
 */
async function createHarness(options = {}) {
	const packageDir = path.resolve(options.packageDir ?? DEFAULT_PACKAGE_DIR);
	env.prepareEnvironment();
	installCapturingLogger();
	installEncryptionKeyProvider();
	env.assertSingleWorkflowCopy(packageDir);
	const logs = collectLogs();
	try {
		const loader = await loadPackage(packageDir, { lazy: options.lazy });
		const nodeTypes = new HarnessNodeTypes(loader);
		const credentialTypes = new HarnessCredentialTypes(loader, nodeTypes);
		openHarnesses += 1;
		return new Harness({
			packageDir,
			loader,
			nodeTypes,
			credentialTypes,
			webhookBaseUrl: normaliseBaseUrl(options.webhookBaseUrl ?? 'http://127.0.0.1:5678/'),
			logs,
		});
	} catch (error) {
		logs.stop();
		throw error;
	}
}

module.exports = { createHarness, Harness };
