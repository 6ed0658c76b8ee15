'use strict';

/**
 * "Test credential" as n8n's CredentialsTester (packages/cli/src/services/credentials-tester.service.ts)
 * does it:
 *
 * - a credential type's own `test` (or a node's `testedBy` request) runs as the routing request
 *   of a temporary `n8n-nodes-base.noOp` node through n8n-core's real RoutingNode, inside a real
 *   ExecuteContext, so the request goes through `httpRequestWithAuthentication` and the
 *   credential's `authenticate`;
 * - defaults are applied to the data first (`applyDefaultsAndOverwrites`);
 * - when the request throws with a response, `responseCode` rules are checked, then any non-2xx
 *   becomes "Error" with the status text; a network error gives its code;
 * - when it succeeds (including `ignoreHttpStatusErrors: true` requests that got a 4xx),
 *   `responseSuccessBody` rules compare `get(body, key)` with `value`;
 * - a node's `testedBy: 'fnName'` runs `methods.credentialTest[fnName]` in n8n-core's
 *   CredentialTestContext.
 */

const { coreRequire } = require('./env');
const { buildAdditionalData } = require('./additional-data');

const { Container } = coreRequire('@n8n/di');
const { CredentialTestContext, ErrorReporter, ExecuteContext, RoutingNode } =
	coreRequire('n8n-core');
const { NodeHelpers, Workflow, VersionedNodeType, UnexpectedError, createRunExecutionData } =
	coreRequire('n8n-workflow');
const get = coreRequire('lodash/get');

const NO_OP_NODE_TYPE = {
	description: {
		displayName: 'No Operation, do nothing',
		name: 'n8n-nodes-base.noOp',
		group: ['organization'],
		version: 1,
		description: 'No Operation',
		defaults: { name: 'No Operation, do nothing' },
		inputs: ['main'],
		outputs: ['main'],
		properties: [],
	},
};

/** Where the test for a credential type is defined (mirrors getCredentialTestFunction). */
function findCredentialTest(credentialType, { credentialTypes, nodeTypes }) {
	const type = credentialTypes.getByName(credentialType);
	if (type.test) return { testRequest: type.test };

	for (const nodeName of credentialTypes.getSupportedNodes(credentialType)) {
		const node = nodeTypes.getByName(nodeName);
		const allNodeTypes =
			node instanceof VersionedNodeType || 'nodeVersions' in node
				? Object.values(node.nodeVersions)
				: [node];
		for (const nodeType of allNodeTypes) {
			for (const { name, testedBy } of nodeType.description.credentials ?? []) {
				if (name !== credentialType || !testedBy) continue;
				if (typeof testedBy === 'string') {
					if ('nodeVersions' in node) {
						const versions = Object.keys(node.nodeVersions).sort().reverse();
						for (const version of versions) {
							const credentialTest =
								node.nodeVersions[parseInt(version, 10)].methods?.credentialTest;
							if (credentialTest && testedBy in credentialTest) return credentialTest[testedBy];
						}
					}
					return node.methods?.credentialTest?.[testedBy];
				}
				return { nodeType, testRequest: testedBy };
			}
		}
	}
	return undefined;
}

async function testCredential(ctx, credentialType, data) {
	const { credentialTypes, nodeTypes, makeCredentialsHelper, webhookBaseUrl, collectLogs } = ctx;
	const logCollector = collectLogs();
	try {
		const result = { ...(await runTest()) };
		// Non-enumerable, so the result still equals `{ status, message }` in assertions.
		Object.defineProperty(result, 'logs', { value: logCollector.stop(), enumerable: false });
		return result;
	} catch (error) {
		logCollector.stop();
		throw error;
	}

	async function runTest() {
		const credentialTestFunction = findCredentialTest(credentialType, {
			credentialTypes,
			nodeTypes,
		});
		if (credentialTestFunction === undefined) {
			return { status: 'Error', message: 'No testing function found for this credential.' };
		}

		const credentialsHelper = await makeCredentialsHelper({ [credentialType]: data });
		const baseAdditionalData = buildAdditionalData({ credentialsHelper, webhookBaseUrl });
		const credentialsDecrypted = {
			id: credentialsHelper.nodeCredentialsDetails(credentialType).id,
			name: credentialsHelper.nodeCredentialsDetails(credentialType).name,
			type: credentialType,
			data: { ...data },
		};
		try {
			credentialsDecrypted.data = await credentialsHelper.applyDefaultsAndOverwrites(
				baseAdditionalData,
				credentialsDecrypted.data,
				credentialType,
				'internal',
			);
		} catch (error) {
			return { status: 'Error', message: error.message.toString() };
		}

		if (typeof credentialTestFunction === 'function') {
			const context = new CredentialTestContext();
			return await credentialTestFunction.call(context, credentialsDecrypted);
		}

		const nodeType = credentialTestFunction.nodeType ?? NO_OP_NODE_TYPE;
		const node = {
			id: 'temp',
			parameters: {},
			name: 'Temp-Node',
			type: nodeType.description.name,
			typeVersion: Array.isArray(nodeType.description.version)
				? nodeType.description.version.slice(-1)[0]
				: nodeType.description.version,
			position: [0, 0],
			credentials: {
				[credentialType]: { id: credentialsDecrypted.id, name: credentialsDecrypted.name },
			},
		};
		const nodeTypeCopy = {
			description: {
				...nodeType.description,
				credentials: [{ name: credentialType, required: true }],
				properties: [
					{
						displayName: 'Temp',
						name: 'temp',
						type: 'string',
						routing: { request: credentialTestFunction.testRequest.request },
						default: '',
					},
				],
			},
		};
		const mockNodeTypes = {
			getKnownTypes: () => ({}),
			getByName: (name) => (name === nodeTypeCopy.description.name ? nodeTypeCopy : undefined),
			getByNameAndVersion: (name, version) => {
				if (name !== nodeTypeCopy.description.name) {
					throw new UnexpectedError('Unknown node type in credential test', {
						tags: { nodeType: name },
					});
				}
				return NodeHelpers.getVersionedNodeType(nodeTypeCopy, version);
			},
		};
		const workflow = new Workflow({
			nodes: [node],
			connections: {},
			active: false,
			nodeTypes: mockNodeTypes,
		});
		const mode = 'internal';
		const additionalData = buildAdditionalData({ credentialsHelper, webhookBaseUrl });
		const executeFunctions = new ExecuteContext(
			workflow,
			node,
			additionalData,
			mode,
			createRunExecutionData({ resultData: { runData: {} } }),
			0,
			[],
			{ main: [[{ json: {} }]] },
			{ node, data: {}, source: null },
			[],
		);
		const routingNode = new RoutingNode(executeFunctions, nodeTypeCopy, credentialsDecrypted);

		let response;
		await workflow.expression.acquireIsolate();
		try {
			response = await routingNode.runNode();
		} catch (error) {
			Container.get(ErrorReporter).error(error);
			if (error.cause?.response) {
				const errorResponseData = {
					statusCode: error.cause.response.status,
					statusMessage: error.cause.response.statusText,
				};
				for (const rule of credentialTestFunction.testRequest.rules ?? []) {
					if (
						rule.type === 'responseCode' &&
						errorResponseData.statusCode === rule.properties.value
					) {
						return { status: 'Error', message: rule.properties.message };
					}
				}
				if (errorResponseData.statusCode < 199 || errorResponseData.statusCode > 299) {
					return {
						status: 'Error',
						message:
							errorResponseData.statusMessage ||
							`Received HTTP status code: ${errorResponseData.statusCode}`,
					};
				}
			} else if (error.cause?.code) {
				return { status: 'Error', message: error.cause.code };
			}
			return { status: 'Error', message: error.message.toString() };
		} finally {
			await workflow.expression.releaseIsolate();
		}

		const rules = credentialTestFunction.testRequest.rules;
		if (rules && Array.isArray(rules)) {
			for (const rule of rules) {
				if (rule.type === 'responseSuccessBody') {
					const responseData = response[0][0].json;
					if (get(responseData, rule.properties.key) === rule.properties.value) {
						return { status: 'Error', message: rule.properties.message };
					}
				}
			}
		}
		return { status: 'OK', message: 'Connection successful!' };
	}
}

module.exports = { testCredential };
