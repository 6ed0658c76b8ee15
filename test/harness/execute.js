'use strict';

/**
 * Builds n8n `Workflow` objects from exported workflow JSON and runs them with n8n-core's
 * `WorkflowExecute`, collecting the result from a `workflowExecuteAfter` lifecycle hook.
 */

const crypto = require('node:crypto');

const { coreRequire } = require('./env');
const { buildAdditionalData } = require('./additional-data');

const { WorkflowExecute, ExecutionLifecycleHooks } = coreRequire('n8n-core');
const { Workflow, createRunExecutionData } = coreRequire('n8n-workflow');

let executionCounter = 0;

function nextExecutionId() {
	executionCounter += 1;
	return `harness-${process.pid}-${executionCounter}`;
}

/** A stable, uuid-shaped webhook id derived from the node name. */
function defaultWebhookId(nodeName) {
	const hex = crypto.createHash('sha256').update(`harness:${nodeName}`).digest('hex');
	return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-8${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/** JSON copy without Proxies or non-enumerable markers (what n8n stores in its database). */
function plain(value) {
	return value === undefined ? undefined : JSON.parse(JSON.stringify(value));
}

/** Replaces the contents of `target` with `source` so callers keep their object reference. */
function writeBack(target, source) {
	for (const key of Object.keys(target)) delete target[key];
	Object.assign(target, source);
	return target;
}

/**
 * Normalises workflow JSON the way it is after n8n imported it: full node type names, ids,
 * positions, the latest type version when none is given, webhook ids on webhook nodes and
 * the harness credentials referenced from every node whose type declares them.
 */
function prepareNodes(nodesJson, { nodeTypes, credentialsHelper }) {
	return nodesJson.map((input, index) => {
		const node = structuredClone(input);
		node.type = nodeTypes.resolveTypeName(node.type);
		node.typeVersion = node.typeVersion ?? nodeTypes.latestVersion(node.type);
		const nodeType = nodeTypes.getByNameAndVersion(node.type, node.typeVersion);
		const { description } = nodeType;
		node.name = node.name ?? description.defaults?.name ?? description.displayName;
		node.id = node.id ?? `harness-node-${index}`;
		node.position = node.position ?? [index * 220, 0];
		node.parameters = node.parameters ?? {};
		for (const { name } of description.credentials ?? []) {
			if (credentialsHelper.has(name)) {
				node.credentials = node.credentials ?? {};
				node.credentials[name] =
					node.credentials[name] ?? credentialsHelper.nodeCredentialsDetails(name);
			}
		}
		if (description.webhooks?.length && !node.webhookId) {
			node.webhookId = defaultWebhookId(node.name);
		}
		return node;
	});
}

function buildWorkflow(workflowJson, { nodeTypes, credentialsHelper, staticData, active = false }) {
	const nodes = prepareNodes(workflowJson.nodes ?? [], { nodeTypes, credentialsHelper });
	const workflowData = {
		id: workflowJson.id ?? 'harness-workflow',
		name: workflowJson.name ?? 'Harness workflow',
		active,
		isArchived: false,
		nodes,
		connections: workflowJson.connections ?? {},
		settings: { executionOrder: 'v1', ...(workflowJson.settings ?? {}) },
		staticData: plain(staticData ?? workflowJson.staticData ?? {}),
		pinData: workflowJson.pinData,
		createdAt: new Date(),
		updatedAt: new Date(),
	};
	const workflow = new Workflow({
		id: workflowData.id,
		name: workflowData.name,
		nodes: workflowData.nodes,
		connections: workflowData.connections,
		active,
		nodeTypes,
		staticData: workflowData.staticData,
		settings: workflowData.settings,
		pinData: workflowData.pinData,
	});
	return { workflow, workflowData };
}

/** Last task data of every node: main outputs, items of output 0, error. */
function summariseRunData(runData) {
	const nodeOutputs = {};
	const nodeItems = {};
	const nodeErrors = {};
	for (const [name, tasks] of Object.entries(runData ?? {})) {
		const last = tasks[tasks.length - 1];
		const outputs = last?.data?.main ?? [];
		nodeOutputs[name] = outputs.map((output) => output ?? []);
		nodeItems[name] = nodeOutputs[name][0] ?? [];
		if (last?.error) nodeErrors[name] = last.error;
	}
	return { nodeOutputs, nodeItems, nodeErrors };
}

/**
 * Runs `workflow` from the given execution stack through WorkflowExecute and resolves with
 * the run as n8n's `workflowExecuteAfter` hook receives it.
 *
 * @returns {Promise<{fullRunData: object, executionId: string}>}
 */
async function executeWorkflow({
	workflow,
	workflowData,
	credentialsHelper,
	webhookBaseUrl,
	mode,
	nodeExecutionStack,
	resultData,
}) {
	const executionId = nextExecutionId();
	const hooks = new ExecutionLifecycleHooks(mode, executionId, workflowData);
	let afterHookRun;
	hooks.addHandler('workflowExecuteAfter', async function (fullRunData) {
		afterHookRun = fullRunData;
	});
	const additionalData = buildAdditionalData({
		credentialsHelper,
		hooks,
		webhookBaseUrl,
		executionId,
		workflowId: workflow.id,
	});
	const runExecutionData = createRunExecutionData({
		executionData: { nodeExecutionStack },
		resultData,
	});
	const workflowExecute = new WorkflowExecute(additionalData, mode, runExecutionData);

	let returned;
	try {
		returned = await workflowExecute.processRunExecutionData(workflow);
	} catch (error) {
		// Thrown before the run starts (e.g. WorkflowHasIssuesError): n8n records it the same way.
		returned = {
			data: runExecutionData,
			mode,
			startedAt: new Date(),
			stoppedAt: new Date(),
			status: 'error',
		};
		runExecutionData.resultData.error = { ...error, message: error.message, stack: error.stack };
	}
	return { fullRunData: afterHookRun ?? returned, executionId };
}

/** The result object the harness hands to tests. */
function describeRun({ fullRunData, executionId, targetNodeName, logs, workflow }) {
	const { resultData } = fullRunData.data;
	const runData = resultData.runData ?? {};
	const { nodeOutputs, nodeItems, nodeErrors } = summariseRunData(runData);
	const target = targetNodeName ?? resultData.lastNodeExecuted;
	const outputs = (target && nodeOutputs[target]) || [];
	const error = resultData.error ?? (target ? nodeErrors[target] : undefined);
	return {
		status: resultData.error ? 'error' : fullRunData.status,
		executionStatus: fullRunData.status,
		finished: fullRunData.finished === true,
		executionId,
		error,
		items: outputs[0] ?? [],
		outputs,
		nodeOutputs,
		nodeItems,
		nodeErrors,
		lastNodeExecuted: resultData.lastNodeExecuted,
		runData,
		fullRunData,
		staticData: workflow ? plain(workflow.staticData) : undefined,
		logs,
	};
}

module.exports = {
	buildWorkflow,
	executeWorkflow,
	describeRun,
	plain,
	writeBack,
};
