'use strict';

const { NodeApiError, NodeOperationError } = require('n8n-workflow');

/**
 * Calls the fixture server through `this.helpers.httpRequestWithAuthentication`, so the
 * credential's real `authenticate` decides the Authorization / X-Api-Key header.
 */
class FixtureHttp {
	constructor() {
		this.description = {
			displayName: 'Fixture HTTP',
			name: 'fixtureHttp',
			group: ['transform'],
			version: [1, 2],
			description: 'Calls the fixture server with authentication',
			defaults: { name: 'Fixture HTTP' },
			inputs: ['main'],
			outputs: ['main'],
			credentials: [
				{
					name: 'fixtureApi',
					required: true,
					displayOptions: { show: { authentication: ['basic'] } },
				},
				{
					name: 'fixtureKeyApi',
					required: true,
					displayOptions: { show: { authentication: ['apiKey'] } },
				},
			],
			properties: [
				{
					displayName: 'Authentication',
					name: 'authentication',
					type: 'options',
					options: [
						{ name: 'Basic', value: 'basic' },
						{ name: 'API Key', value: 'apiKey' },
					],
					default: 'basic',
				},
				{ displayName: 'Path', name: 'path', type: 'string', default: '/echo' },
				{ displayName: 'Wrap API Errors', name: 'wrapErrors', type: 'boolean', default: false },
			],
		};
	}

	async execute() {
		const items = this.getInputData();
		const out = [];
		for (let i = 0; i < items.length; i++) {
			const authentication = this.getNodeParameter('authentication', i);
			const credentialType = authentication === 'apiKey' ? 'fixtureKeyApi' : 'fixtureApi';
			const credentials = await this.getCredentials(credentialType, i);
			const path = this.getNodeParameter('path', i);
			if (typeof path !== 'string' || !path.startsWith('/')) {
				throw new NodeOperationError(this.getNode(), `Path "${path}" must start with "/"`, {
					itemIndex: i,
				});
			}
			this.logger.info('fixtureHttp calling the fixture server', { path, itemIndex: i });
			try {
				const response = await this.helpers.httpRequestWithAuthentication.call(
					this,
					credentialType,
					{ method: 'GET', url: `${credentials.baseUrl}${path}`, json: true },
				);
				out.push({
					json: { ...response, environment: credentials.environment, input: items[i].json },
					pairedItem: { item: i },
				});
			} catch (error) {
				if (this.continueOnFail()) {
					out.push({ json: { error: error.message }, pairedItem: { item: i } });
					continue;
				}
				if (this.getNodeParameter('wrapErrors', i)) {
					throw new NodeApiError(this.getNode(), error.cause ?? error, {
						itemIndex: i,
						message: 'The fixture server refused the request',
						description: 'Check the path and the credentials',
					});
				}
				throw error;
			}
		}
		return [out];
	}
}

module.exports = { FixtureHttp };
