'use strict';

/**
 * A node's `methods.listSearch` / `methods.loadOptions`, called the way the n8n editor's backend
 * calls them (the CLI's DynamicNodeParametersService): a one-node workflow holding the node's
 * current parameters, n8n-core's real `LoadOptionsContext` on that node (credentials through the
 * harness credentials helper, HTTP through n8n-core's request helpers), and
 * `additionalData.currentNodeParameters` set to the same parameters.
 */

const { coreRequire } = require('./env');
const { buildAdditionalData } = require('./additional-data');
const { buildWorkflow } = require('./execute');

const { LoadOptionsContext } = coreRequire('n8n-core');
const { UnexpectedError, NodeHelpers } = coreRequire('n8n-workflow');

/**
 * @param {object} ctx harness context
 * @param {object} options
 * @param {object} options.node `{ type, parameters, typeVersion? }`
 * @param {Record<string, object>} [options.credentials]
 * @param {'listSearch'|'loadOptions'} [options.kind] default 'listSearch'
 * @param {string} options.method the method's name
 * @param {string} [options.filter] listSearch filter text
 * @param {string} [options.path] parameter path, default `parameters.<method>`
 */
async function loadOptions(ctx, { node, credentials, kind = 'listSearch', method, filter, path }) {
	const credentialsHelper = await ctx.makeCredentialsHelper(credentials);
	const type = ctx.nodeTypes.resolveTypeName(node.type);
	const typeVersion = node.typeVersion ?? ctx.nodeTypes.latestVersion(type);
	const nodeType = ctx.nodeTypes.getByNameAndVersion(type, typeVersion);
	const fn = nodeType.methods?.[kind]?.[method];
	if (typeof fn !== 'function')
		throw new UnexpectedError(`The node has no ${kind} method "${method}"`);
	// As the editor sends them: every parameter with its default filled in.
	const parameters = NodeHelpers.getNodeParameters(
		nodeType.description.properties,
		node.parameters ?? {},
		true,
		false,
		{ typeVersion, parameters: node.parameters ?? {} },
		nodeType.description,
	);
	const { workflow } = buildWorkflow(
		{
			nodes: [{ name: 'Temp-Node', type, typeVersion, parameters, position: [0, 0] }],
			connections: {},
		},
		{ nodeTypes: ctx.nodeTypes, credentialsHelper },
	);
	const additionalData = buildAdditionalData({
		credentialsHelper,
		webhookBaseUrl: ctx.webhookBaseUrl,
	});
	additionalData.currentNodeParameters = parameters;
	const context = new LoadOptionsContext(
		workflow,
		workflow.getNode('Temp-Node'),
		additionalData,
		path ?? `parameters.${method}`,
	);
	return kind === 'listSearch' ? await fn.call(context, filter) : await fn.call(context);
}

module.exports = { loadOptions };
