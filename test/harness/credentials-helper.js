'use strict';

/**
 * The credentials helper n8n-core calls for every credential access, modelled on n8n's CLI
 * `CredentialsHelper` but backed by an in-memory store instead of the database.
 *
 * What is real:
 * - data is stored encrypted with n8n-core's `Credentials` class (the fixed test encryption
 *   key) and decrypted on every `getDecrypted`, as n8n does;
 * - `applyDefaultsAndOverwrites` fills property defaults with n8n-workflow's
 *   `NodeHelpers.getNodeParameters` and resolves `={{…}}` expressions in the data;
 * - `authenticate` applies the credential type's own `authenticate`: a function is called, a
 *   generic definition has every key and value of `properties.auth/headers/qs/body` resolved
 *   through the workflow's expression engine with `$credentials` and set on the request
 *   (`auth` becomes `requestOptions.auth = {username, password}`, which n8n-core's HTTP helper
 *   turns into the Basic header);
 * - `preAuthentication` follows the CLI rules (expirable hidden property, credential test).
 * Not modelled: credential overwrites, external secrets providers, dynamic credentials,
 * OAuth token persistence beyond this store.
 */

const { coreRequire } = require('./env');

const { Credentials, getAdditionalKeys } = coreRequire('n8n-core');
const { ICredentialsHelper, NodeHelpers, Workflow, UnexpectedError, UserError, isExpression } =
	coreRequire('n8n-workflow');

const mockNode = {
	id: 'harness-credential-node',
	name: '',
	typeVersion: 1,
	type: 'mock',
	position: [0, 0],
	parameters: {},
};

const mockNodeTypes = {
	getByName: () => ({ description: { properties: [] } }),
	getByNameAndVersion: () => ({ description: { properties: [] } }),
	getKnownTypes: () => ({}),
};

function mockWorkflow() {
	return new Workflow({
		nodes: [{ ...mockNode }],
		connections: {},
		active: false,
		nodeTypes: mockNodeTypes,
	});
}

class HarnessCredentialsHelper extends ICredentialsHelper {
	/**
	 * @param {object} options
	 * @param {import('./node-types').HarnessCredentialTypes} options.credentialTypes
	 */
	constructor({ credentialTypes }) {
		super();
		this.credentialTypes = credentialTypes;
		/** type → { id, name, type, data (encrypted string) } */
		this.store = new Map();
	}

	/** Builds a helper holding `credentials` (credential type → plain data), encrypted. */
	static async create({ credentialTypes, credentials = {} }) {
		const helper = new HarnessCredentialsHelper({ credentialTypes });
		for (const [type, data] of Object.entries(credentials ?? {})) {
			await helper.setCredential(type, data);
		}
		return helper;
	}

	async setCredential(type, data) {
		if (!this.credentialTypes.recognizes(type)) {
			throw new UserError(`Unknown credential type "${type}" (not in the loaded package)`);
		}
		const credentials = new Credentials({ id: null, name: `${type} (harness)` }, type);
		await credentials.setData({ ...data });
		this.store.set(type, {
			id: `harness-${type}`,
			name: `${type} (harness)`,
			type,
			data: credentials.getDataToSave().data,
		});
	}

	/** The `{id, name}` pair a node's `credentials[type]` should carry. */
	nodeCredentialsDetails(type) {
		const entry = this.store.get(type);
		return entry ? { id: entry.id, name: entry.name } : undefined;
	}

	has(type) {
		return this.store.has(type);
	}

	getParentTypes(name) {
		return this.credentialTypes.getParentTypes(name);
	}

	isCredentialUsableByNode(credentialType, nodeType) {
		if (!this.credentialTypes.recognizes(credentialType)) return true;
		const typeDef = this.credentialTypes.getByName(credentialType);
		if (!typeDef.restrictToSupportedNodes) return true;
		return this.credentialTypes.getSupportedNodes(credentialType).includes(nodeType);
	}

	async authenticate(credentials, typeName, incomingRequestOptions, workflow, node) {
		const requestOptions = incomingRequestOptions;
		const credentialType = this.credentialTypes.getByName(typeName);
		const { authenticate } = credentialType;
		if (!authenticate) return requestOptions;

		if (typeof authenticate === 'function') {
			return await credentialType.authenticate(credentials, requestOptions);
		}

		if (typeof authenticate === 'object') {
			if (!workflow || !node) {
				throw new UnexpectedError(
					'Workflow and node are required for declarative credential authentication',
				);
			}
			if (requestOptions.headers === undefined) requestOptions.headers = {};
			if (authenticate.type === 'generic') {
				for (const [outerKey, outerValue] of Object.entries(authenticate.properties)) {
					for (const [key, value] of Object.entries(outerValue)) {
						const keyResolved = this.resolveValue(
							key,
							{ $credentials: credentials },
							workflow,
							node,
						);
						const valueResolved = this.resolveValue(
							value,
							{ $credentials: credentials },
							workflow,
							node,
						);
						if (!requestOptions[outerKey]) requestOptions[outerKey] = {};
						requestOptions[outerKey][keyResolved] = valueResolved;
					}
				}
			}
		}
		return requestOptions;
	}

	resolveValue(parameterValue, additionalKeys, workflow, node) {
		if (!isExpression(parameterValue)) return parameterValue;
		const returnValue = workflow.expression.getSimpleParameterValue(
			node,
			parameterValue,
			'internal',
			additionalKeys,
			undefined,
			'',
		);
		if (!returnValue) return '';
		return returnValue.toString();
	}

	async preAuthentication(helpers, credentials, typeName, node, credentialsExpired) {
		const credentialType = this.credentialTypes.getByName(typeName);
		const expirableProperty = credentialType.properties.find(
			(property) => property.type === 'hidden' && property?.typeOptions?.expirable === true,
		);
		if (expirableProperty?.name === undefined) return undefined;

		const isTestingCredentials =
			node?.parameters?.temp === '' && node?.type === 'n8n-nodes-base.noOp';

		if (typeof credentialType.preAuthentication === 'function') {
			if (
				credentials[expirableProperty.name] === '' ||
				credentialsExpired ||
				isTestingCredentials
			) {
				const output = await credentialType.preAuthentication.call(helpers, credentials);
				if (output[expirableProperty.name] === undefined) return undefined;
				if (node.credentials) {
					const stored = await (
						await this.getCredentials(node.credentials[typeName], typeName)
					).getData();
					await this.updateCredentials(node.credentials[typeName], typeName, {
						...stored,
						...output,
					});
					return Object.assign(credentials, output);
				}
			}
		}
		return undefined;
	}

	async runPreAuthentication(helpers, credentials, typeName) {
		const credentialType = this.credentialTypes.getByName(typeName);
		if (typeof credentialType.preAuthentication !== 'function') return undefined;
		const output = await credentialType.preAuthentication.call(helpers, credentials);
		return output ?? undefined;
	}

	async getCredentials(nodeCredentials, type) {
		const entry = this.store.get(type);
		if (!entry) {
			throw new UserError(
				`No "${type}" credentials were given to the harness (pass them as credentials: { ${type}: {...} })`,
			);
		}
		return new Credentials({ id: entry.id, name: entry.name }, entry.type, entry.data);
	}

	async getDecrypted(
		additionalData,
		nodeCredentials,
		type,
		mode,
		executeData,
		raw,
		expressionResolveValues,
	) {
		const credentials = await this.getCredentials(nodeCredentials, type);
		const decryptedDataOriginal = await credentials.getData();
		if (raw === true) return decryptedDataOriginal;
		return await this.applyDefaultsAndOverwrites(
			additionalData,
			decryptedDataOriginal,
			type,
			mode,
			executeData,
			expressionResolveValues,
		);
	}

	async applyDefaultsAndOverwrites(
		additionalData,
		decryptedDataOriginal,
		type,
		mode,
		executeData,
		expressionResolveValues,
	) {
		const credentialsProperties = this.getCredentialsProperties(type);
		let decryptedData = NodeHelpers.getNodeParameters(
			credentialsProperties,
			{ ...decryptedDataOriginal },
			true,
			false,
			null,
			null,
		);
		if (decryptedDataOriginal.oauthTokenData !== undefined) {
			decryptedData.oauthTokenData = decryptedDataOriginal.oauthTokenData;
		}

		const additionalKeys = getAdditionalKeys(additionalData, mode, null, { isCredential: true });

		if (expressionResolveValues) {
			try {
				decryptedData = expressionResolveValues.workflow.expression.getParameterValue(
					decryptedData,
					expressionResolveValues.runExecutionData,
					expressionResolveValues.runIndex,
					expressionResolveValues.itemIndex,
					expressionResolveValues.node.name,
					expressionResolveValues.connectionInputData,
					mode,
					additionalKeys,
					executeData,
					false,
					decryptedData,
				);
			} catch (e) {
				e.message += ' [Error resolving credentials]';
				throw e;
			}
		} else {
			const workflow = mockWorkflow();
			await workflow.expression.acquireIsolate();
			try {
				decryptedData = workflow.expression.getComplexParameterValue(
					mockNode,
					decryptedData,
					mode,
					additionalKeys,
					undefined,
					undefined,
					decryptedData,
				);
			} finally {
				await workflow.expression.releaseIsolate();
			}
		}
		return decryptedData;
	}

	async updateCredentials(nodeCredentials, type, data) {
		await this.setCredential(type, data);
	}

	async updateCredentialsOauthTokenData(nodeCredentials, type, data) {
		const current = await (await this.getCredentials(nodeCredentials, type)).getData();
		await this.setCredential(type, { ...current, oauthTokenData: data.oauthTokenData });
	}

	getCredentialsProperties(type) {
		if (!this.credentialTypes.recognizes(type)) {
			throw new UnexpectedError('Unknown credential type', { tags: { credentialType: type } });
		}
		const credentialTypeData = this.credentialTypes.getByName(type);
		if (credentialTypeData.extends === undefined) return credentialTypeData.properties;

		const combineProperties = [];
		for (const parent of credentialTypeData.extends) {
			if (!this.credentialTypes.recognizes(parent)) {
				throw new UnexpectedError(
					`Credential type "${type}" extends "${parent}", which the harness cannot load (only the package's own credential types are available)`,
				);
			}
			NodeHelpers.mergeNodeProperties(combineProperties, this.getCredentialsProperties(parent));
		}
		NodeHelpers.mergeNodeProperties(combineProperties, credentialTypeData.properties);
		return combineProperties;
	}
}

module.exports = { HarnessCredentialsHelper };
