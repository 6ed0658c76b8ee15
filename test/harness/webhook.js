'use strict';

/**
 * Webhook calls and webhook lifecycle methods, following n8n's CLI webhook path
 * (live-webhooks.ts → webhook-helpers.ts `executeWebhook` → webhook.service.ts `runWebhook`):
 *
 * 1. find the node's webhook for (method, path) — n8n answers 404 when none is registered;
 * 2. parse the body from the raw bytes (req.rawBody stays a Buffer);
 * 3. run the node's `webhook()` in n8n-core's real WebhookContext with the request/response;
 * 4. answer the caller the way n8n does — nothing when the node answered itself
 *    (`noWebhookResponse`), 200 `{"message":"Webhook call received"}` when no workflowData came
 *    back, `{"message":"Workflow was started"}` (or the node's `webhookResponse` / the
 *    description's responseData) for responseMode `onReceived`, the last node's first item for
 *    `lastNode`; a throwing `webhook()` gets 500 "Workflow Webhook Error: Workflow could not be
 *    started!" and, as in n8n, an execution that records the error;
 * 5. when workflowData came back, run the workflow from the trigger with WorkflowExecute.
 *
 * Static data is saved (written back to the caller's object) when the webhook call did not
 * throw, as n8n saves it in the response callback.
 */

const { coreRequire } = require('./env');
const { buildAdditionalData } = require('./additional-data');
const { buildWorkflow, executeWorkflow, describeRun, plain, writeBack } = require('./execute');
const { createRequest, HarnessResponse, BodyParseError } = require('./http-objects');

const { WebhookContext, HookContext, getHtmlSandboxCSP, isWebhookHtmlSandboxingDisabled } =
	coreRequire('n8n-core');
const {
	NodeHelpers,
	NodeOperationError,
	UnexpectedError,
	WorkflowConfigurationError,
	isNodeClassInstance,
} = coreRequire('n8n-workflow');

function resolveSimple(workflow, node, value, mode, additionalKeys, defaultValue) {
	if (value === undefined) return defaultValue;
	return workflow.expression.getSimpleParameterValue(
		node,
		value,
		mode,
		additionalKeys,
		undefined,
		defaultValue,
	);
}

/** Every (method, path) the node registers, as n8n's WebhookService.getNodeWebhooks computes it. */
function describeNodeWebhooks(workflow, node, nodeType) {
	const list = [];
	for (const webhookDescription of nodeType.description.webhooks ?? []) {
		let nodePath = String(resolveSimple(workflow, node, webhookDescription.path, 'internal', {}));
		if (nodePath.startsWith('/')) nodePath = nodePath.slice(1);
		if (nodePath.endsWith('/')) nodePath = nodePath.slice(0, -1);
		const isFullPath = resolveSimple(
			workflow,
			node,
			webhookDescription.isFullPath,
			'internal',
			{},
			false,
		);
		const restartWebhook = resolveSimple(
			workflow,
			node,
			webhookDescription.restartWebhook,
			'internal',
			{},
			false,
		);
		const fullPath = NodeHelpers.getNodeWebhookPath(
			workflow.id,
			node,
			nodePath,
			isFullPath,
			restartWebhook,
		);
		const methods = String(
			resolveSimple(workflow, node, webhookDescription.httpMethod, 'internal', {}, 'GET'),
		)
			.split(',')
			.map((m) => m.trim().toUpperCase())
			.filter(Boolean);
		list.push({ webhookDescription, nodePath, isFullPath, fullPath, methods });
	}
	return list;
}

function segmentsMatch(pattern, actual) {
	const p = pattern.split('/');
	const a = actual.split('/');
	if (p.length !== a.length) return undefined;
	const params = {};
	for (let i = 0; i < p.length; i++) {
		if (p[i].startsWith(':')) params[p[i].slice(1)] = decodeURIComponent(a[i]);
		else if (p[i] !== a[i]) return undefined;
	}
	return params;
}

function nodeWebhookUrl(additionalData, workflow, node, entry, isTest) {
	const base = isTest ? additionalData.webhookTestBaseUrl : additionalData.webhookBaseUrl;
	return NodeHelpers.getNodeWebhookUrl(base, workflow.id, node, entry.nodePath, entry.isFullPath);
}

function sendErrorResponse(res, error) {
	const isResponseError =
		typeof error.httpStatusCode === 'number' && typeof error.errorCode === 'number';
	const body = {
		code: isResponseError ? error.errorCode : 0,
		message: error.message ?? 'Unknown error',
	};
	if (isResponseError && error.hint) body.hint = error.hint;
	res.status(isResponseError ? error.httpStatusCode : 500).json(body);
}

function applyCsp(res) {
	if (!isWebhookHtmlSandboxingDisabled())
		res.setHeader('content-security-policy', getHtmlSandboxCSP());
}

/** What n8n answers for responseMode 'onReceived' once it knows the workflow will run. */
function onReceivedBody(responseData, webhookResultData) {
	if (responseData === 'noData') return undefined;
	if (responseData) return responseData;
	if (webhookResultData.webhookResponse !== undefined) return webhookResultData.webhookResponse;
	return { message: 'Workflow was started' };
}

function sendStaticResponse(res, body, code) {
	res.status(code);
	applyCsp(res);
	if (body === undefined) return res.end();
	if (typeof body === 'string') return res.send(body);
	return res.json(body);
}

function webhookErrorMessage(error, isForm) {
	if (error instanceof NodeOperationError && error.type === 'manual-form-test')
		return error.message;
	if (WorkflowConfigurationError && error instanceof WorkflowConfigurationError)
		return error.message;
	return `Workflow ${isForm ? 'Form' : 'Webhook'} Error: Workflow could not be started!`;
}

function lastNodeResponse(run, responseData, responsePropertyName) {
	if (run.status === 'error') return { code: 500, body: { message: 'Error in workflow' } };
	const items = run.nodeItems[run.lastNodeExecuted] ?? [];
	if (responseData === 'noData') return { body: undefined };
	if (responseData === 'allEntries') return { body: items.map((item) => item.json) };
	if (responseData && responseData !== 'firstEntryJson') {
		throw new UnexpectedError(`responseData "${responseData}" is not supported by the harness`);
	}
	if (!items.length) {
		return {
			body: { message: 'Workflow executed successfully but the last node did not return any data' },
		};
	}
	const json = items[0].json;
	if (responsePropertyName) {
		return { body: responsePropertyName.split('.').reduce((o, k) => (o == null ? o : o[k]), json) };
	}
	return { body: json };
}

/**
 * @param {object} ctx harness internals
 * @param {object} options see index.js `runWebhook`
 */
async function runWebhook(ctx, options) {
	const { nodeTypes, makeCredentialsHelper, webhookBaseUrl, collectLogs } = ctx;
	const logCollector = collectLogs();
	try {
		const credentialsHelper = await makeCredentialsHelper(options.credentials);
		const mode = options.mode ?? 'webhook';
		if (!['webhook', 'manual'].includes(mode)) {
			throw new UnexpectedError(
				`runWebhook mode must be 'webhook' (production URL) or 'manual' (test URL)`,
			);
		}
		const isTest = mode === 'manual';

		const workflowJson = options.workflow ?? { nodes: [options.node], connections: {} };
		const { workflow, workflowData } = buildWorkflow(workflowJson, {
			nodeTypes,
			credentialsHelper,
			staticData: options.staticData,
			active: !isTest,
		});
		const triggerName =
			options.workflow === undefined
				? workflowData.nodes[0].name
				: (options.triggerNodeName ??
					workflowData.nodes.find(
						(n) =>
							typeof nodeTypes.getByNameAndVersion(n.type, n.typeVersion).webhook === 'function',
					)?.name);
		const node = workflow.getNode(triggerName);
		if (!node) throw new UnexpectedError(`Trigger node "${triggerName}" not found in the workflow`);
		const staticDataSaver = new StaticDataSaver(workflow, options.staticData);
		const nodeType = nodeTypes.getByNameAndVersion(node.type, node.typeVersion);
		if (typeof nodeType.webhook !== 'function') {
			throw new UnexpectedError(`Node "${node.name}" (${node.type}) has no webhook() method`);
		}

		const webhooks = describeNodeWebhooks(workflow, node, nodeType);
		const webhookName = options.webhookName ?? 'default';
		const chosen = webhooks.find((w) => w.webhookDescription.name === webhookName);
		if (!chosen) {
			throw new UnexpectedError(
				`Node "${node.name}" has no webhook named "${webhookName}" (has: ${webhooks.map((w) => w.webhookDescription.name).join(', ')})`,
			);
		}
		const request = options.request ?? {};
		const method = String(request.method ?? chosen.methods[0]).toUpperCase();

		// Route (method, path) like n8n: a path given by the test may be the node's path, the
		// `<webhookId>/<path>` form, or the URL path with the /webhook(-test)/ prefix.
		let requestPath = request.path ?? chosen.fullPath;
		requestPath = requestPath
			.replace(/^\/+/, '')
			.replace(/^(webhook-test|webhook)\//, '')
			.replace(/\/+$/, '');
		const candidates = [];
		for (const entry of webhooks) {
			for (const candidatePath of [requestPath, `${node.webhookId}/${requestPath}`]) {
				const params = segmentsMatch(entry.fullPath, candidatePath);
				if (params) candidates.push({ entry, params, path: candidatePath });
			}
		}
		const additionalData = buildAdditionalData({
			credentialsHelper,
			webhookBaseUrl,
			workflowId: workflow.id,
		});
		const res = new HarnessResponse();
		const baseResult = {
			webhookUrl: nodeWebhookUrl(additionalData, workflow, node, chosen, isTest),
			res,
			triggerName: node.name,
		};
		/** The call's result, with whatever this exit adds (webhookResultData, run, error…). */
		const finish = (extra = {}) =>
			finishWebhookResult({
				...baseResult,
				options,
				workflow,
				logCollector,
				staticDataSaver,
				...extra,
			});
		const match = candidates.find((c) => c.entry.methods.includes(method));
		if (!match) {
			const otherMethods = [...new Set(candidates.flatMap((c) => c.entry.methods))];
			const message = otherMethods.length
				? `This webhook is not registered for ${method} requests. Did you mean to make a ${otherMethods.length === 1 ? otherMethods[0] : `${otherMethods.slice(0, -1).join(', ')} or ${otherMethods.at(-1)}`} request?`
				: `The requested webhook "${method} ${requestPath}" is not registered.`;
			sendErrorResponse(res, { httpStatusCode: 404, errorCode: 404, message });
			return finish();
		}

		const urlPath = `/${isTest ? 'webhook-test' : 'webhook'}/${match.path}`;
		let req;
		try {
			req = createRequest({
				method,
				urlPath,
				headers: request.headers,
				query: request.query,
				body: request.body,
				rawBody: request.rawBody,
				params: { ...(request.params ?? {}), ...match.params },
				nodeVersion: node.typeVersion,
			});
		} catch (error) {
			if (!(error instanceof BodyParseError)) throw error;
			sendErrorResponse(res, error);
			return finish();
		}

		additionalData.httpRequest = req;
		additionalData.httpResponse = res;

		const { webhookDescription } = match.entry;
		const webhookData = {
			httpMethod: method,
			node: node.name,
			path: match.entry.fullPath,
			webhookDescription,
			workflowId: workflow.id,
			workflowExecuteAdditionalData: additionalData,
			webhookId: match.entry.fullPath.includes(':') ? node.webhookId : undefined,
			isTest,
		};

		const additionalKeys = { $executionId: undefined };
		const responseMode = resolveSimple(
			workflow,
			node,
			webhookDescription.responseMode,
			mode,
			additionalKeys,
			'onReceived',
		);
		const responseCode = resolveSimple(
			workflow,
			node,
			webhookDescription.responseCode,
			mode,
			additionalKeys,
			200,
		);
		const responseData =
			webhookDescription.responseData === undefined
				? undefined
				: workflow.expression.getComplexParameterValue(
						node,
						webhookDescription.responseData,
						mode,
						additionalKeys,
						undefined,
						'firstEntryJson',
					);
		const responsePropertyName = resolveSimple(
			workflow,
			node,
			webhookDescription.responsePropertyName,
			mode,
			additionalKeys,
		);
		if (!['onReceived', 'lastNode'].includes(responseMode)) {
			throw new UnexpectedError(
				`responseMode "${responseMode}" is not supported by the harness (onReceived and lastNode are)`,
			);
		}

		const context = new WebhookContext(workflow, node, additionalData, mode, webhookData, [], null);
		let webhookResultData;
		let webhookError;
		await workflow.expression.acquireIsolate();
		try {
			webhookResultData = isNodeClassInstance(nodeType)
				? await nodeType.webhook(context)
				: await nodeType.webhook.call(context);
		} catch (error) {
			webhookError = error;
		} finally {
			await workflow.expression.releaseIsolate();
		}

		if (webhookError) {
			const isForm = ['formTrigger', 'form'].includes(nodeType.description.name);
			if (!res.responded)
				sendErrorResponse(res, new UnexpectedError(webhookErrorMessage(webhookError, isForm)));
			// As in n8n: an execution starts that records the error on the trigger.
			const { fullRunData, executionId } = await executeWorkflow({
				workflow,
				workflowData,
				credentialsHelper,
				webhookBaseUrl,
				mode,
				nodeExecutionStack: [{ node, data: { main: [[{ json: {} }]] }, source: null }],
				resultData: {
					runData: {},
					lastNodeExecuted: node.name,
					error: { ...webhookError, message: webhookError.message, stack: webhookError.stack },
				},
			});
			const run = describeRun({ fullRunData, executionId, targetNodeName: node.name, workflow });
			return finish({
				error: {
					...webhookError,
					name: webhookError.name,
					message: webhookError.message,
					stack: webhookError.stack,
				},
				errorInstance: webhookError,
				run,
				webhookResultData: undefined,
			});
		}

		webhookResultData = webhookResultData ?? {};
		// n8n's response callback saves the static data, then the answer is sent. A node that
		// answered itself (`noWebhookResponse`) gets the callback at once, before the run starts.
		if (webhookResultData.noWebhookResponse === true) await staticDataSaver.save();
		if (webhookResultData.workflowData === undefined) {
			await staticDataSaver.save();
			if (webhookResultData.noWebhookResponse !== true && !res.responded) {
				const data =
					webhookResultData.webhookResponse !== undefined
						? webhookResultData.webhookResponse
						: { message: 'Webhook call received' };
				res.status(responseCode);
				if (typeof data === 'string') res.send(data);
				else res.json(data);
			}
			return finish({
				webhookResultData,
			});
		}

		// WorkflowRunner.run(): creates the execution and starts it. A failure here (database or
		// queue down) reaches the caller as a 500 when the node did not answer itself, and the
		// static data is not saved.
		if (options.failExecutionStart) {
			await databaseRoundTrip();
			if (!res.responded) {
				sendErrorResponse(res, { message: 'There was a problem executing the workflow' });
			}
			return finish({
				webhookResultData,
			});
		}
		await databaseRoundTrip();
		// n8n 2.40 and newer: the workflow runner wraps the same static-data object in a new Workflow
		// (establishContextForPersistence), which clears its "changed" flag, so the save after it
		// writes nothing. Off: n8n 1.x and 2.x before 2.40, which save what webhook() changed.
		if (options.startForgetsStaticData) workflow.staticData.__dataChanged = false;
		const running = executeWorkflow({
			workflow,
			workflowData,
			credentialsHelper,
			webhookBaseUrl,
			mode,
			nodeExecutionStack: [{ node, data: { main: webhookResultData.workflowData }, source: null }],
		});

		if (
			responseMode === 'onReceived' &&
			webhookResultData.noWebhookResponse !== true &&
			!res.responded
		) {
			await staticDataSaver.save();
			// The caller gave up waiting (a timeout): n8n created the execution, nobody hears the answer.
			if (options.dropConnection) res.dropConnection();
			sendStaticResponse(res, onReceivedBody(responseData, webhookResultData), responseCode);
		}

		const { fullRunData, executionId } = await running;
		const run = describeRun({ fullRunData, executionId, targetNodeName: node.name, workflow });

		if (
			responseMode === 'lastNode' &&
			webhookResultData.noWebhookResponse !== true &&
			!res.responded
		) {
			const { code, body } = lastNodeResponse(run, responseData, responsePropertyName);
			await staticDataSaver.save();
			sendStaticResponse(res, body, code ?? responseCode);
		}

		return finish({
			webhookResultData,
			run,
		});
	} catch (error) {
		logCollector.stop();
		throw error;
	}
}

/** A database write: other requests may run meanwhile. */
const databaseRoundTrip = () => new Promise((resolve) => setImmediate(resolve));

/**
 * Workflow static data as n8n's webhook path keeps it: loaded when the request starts (the
 * workflow is built from a copy of `target`), saved whole in the response callback only when the
 * call changed it, and the last save wins, also between concurrent calls sharing `target`.
 */
class StaticDataSaver {
	constructor(workflow, target) {
		this.workflow = workflow;
		this.target = target;
		this.loaded = plain(workflow.staticData);
		this.saved = undefined;
	}

	async save() {
		if (this.workflow.staticData.__dataChanged !== true) return;
		this.workflow.staticData.__dataChanged = false;
		const data = plain(this.workflow.staticData);
		await databaseRoundTrip();
		this.saved = data;
		if (this.target) writeBack(this.target, data);
	}
}

function finishWebhookResult({
	res,
	triggerName,
	webhookUrl,
	options,
	logCollector,
	staticDataSaver,
	webhookResultData,
	run,
	error,
	errorInstance,
}) {
	const staticData = options.staticData ?? staticDataSaver?.saved ?? staticDataSaver?.loaded ?? {};
	const logs = logCollector.stop();
	return {
		statusCode: res.statusCode,
		headers: res.getHeaders(),
		body: res.body,
		text: res.text,
		responded: res.responded,
		noWebhookResponse: webhookResultData?.noWebhookResponse,
		webhookResponse: webhookResultData?.webhookResponse,
		workflowData: webhookResultData?.workflowData,
		emitted: run?.nodeItems[triggerName] ?? [],
		run,
		error: error ?? undefined,
		errorInstance,
		webhookUrl,
		staticData,
		nodeStaticData: staticData[`node:${triggerName}`],
		staticDataSaved: staticDataSaver?.saved !== undefined,
		logs,
	};
}

/**
 * Runs `checkExists` / `create` / `delete` of `webhookMethods[webhookName]` in n8n-core's real
 * HookContext, the way n8n's WebhookService does when a workflow is activated (mode 'trigger')
 * or a test webhook is registered (mode 'manual').
 */
async function runWebhookMethod(ctx, options) {
	const { nodeTypes, makeCredentialsHelper, webhookBaseUrl, collectLogs } = ctx;
	const logCollector = collectLogs();
	try {
		const credentialsHelper = await makeCredentialsHelper(options.credentials);
		const mode = options.mode ?? 'trigger';
		const isTest = mode === 'manual';
		const activation = options.activation ?? (isTest ? 'manual' : 'activate');
		const { workflow } = buildWorkflow(
			options.workflow ?? { nodes: [options.node], connections: {} },
			{ nodeTypes, credentialsHelper, staticData: options.staticData, active: !isTest },
		);
		const triggerName = options.workflow
			? (options.triggerNodeName ??
				Object.values(workflow.nodes).find(
					(n) => nodeTypes.getByNameAndVersion(n.type, n.typeVersion).webhookMethods,
				)?.name)
			: Object.keys(workflow.nodes)[0];
		const node = workflow.getNode(triggerName);
		if (!node) throw new UnexpectedError(`Trigger node "${triggerName}" not found in the workflow`);
		const nodeType = nodeTypes.getByNameAndVersion(node.type, node.typeVersion);
		const webhookName = options.webhookName ?? 'default';
		const entry = describeNodeWebhooks(workflow, node, nodeType).find(
			(w) => w.webhookDescription.name === webhookName,
		);
		if (!entry)
			throw new UnexpectedError(`Node "${node.name}" has no webhook named "${webhookName}"`);
		const fn = nodeType.webhookMethods?.[webhookName]?.[options.method];
		const additionalData = buildAdditionalData({
			credentialsHelper,
			webhookBaseUrl,
			workflowId: workflow.id,
		});
		const webhookData = {
			httpMethod: entry.methods[0],
			node: node.name,
			path: entry.fullPath,
			webhookDescription: entry.webhookDescription,
			workflowId: workflow.id,
			workflowExecuteAdditionalData: additionalData,
			isTest,
		};
		let result;
		if (fn !== undefined) {
			const context = new HookContext(
				workflow,
				node,
				additionalData,
				mode,
				activation,
				webhookData,
			);
			result = await fn.call(context);
		}
		const after = plain(workflow.staticData);
		const staticData = options.staticData ? writeBack(options.staticData, after) : after;
		return {
			result,
			defined: fn !== undefined,
			staticData,
			nodeStaticData: staticData[`node:${node.name}`],
			webhookUrl: nodeWebhookUrl(additionalData, workflow, node, entry, isTest),
			logs: logCollector.stop(),
		};
	} catch (error) {
		logCollector.stop();
		throw error;
	}
}

module.exports = { runWebhook, runWebhookMethod };
