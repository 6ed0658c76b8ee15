'use strict';

/**
 * Webhook trigger: registration state kept in static data (checkExists/create/delete),
 * a shared-secret header check answered with 401 + noWebhookResponse, dedupe of event ids
 * in static data, and a GET webhook that emits the query.
 */
class FixtureTrigger {
	constructor() {
		this.description = {
			displayName: 'Fixture Trigger',
			name: 'fixtureTrigger',
			group: ['trigger'],
			version: 1,
			description: 'Receives fixture events',
			defaults: { name: 'Fixture Trigger' },
			inputs: [],
			outputs: ['main'],
			credentials: [{ name: 'fixtureApi', required: true }],
			webhooks: [
				{ name: 'default', httpMethod: 'POST', responseMode: 'onReceived', path: 'webhook' },
				{ name: 'setup', httpMethod: 'GET', responseMode: 'onReceived', path: 'webhook' },
				{ name: 'sync', httpMethod: 'POST', responseMode: 'lastNode', path: 'sync' },
			],
			properties: [
				{
					displayName: 'Secret Header',
					name: 'secretHeader',
					type: 'string',
					default: 'x-fixture-secret',
				},
			],
		};
		this.webhookMethods = {
			default: {
				async checkExists() {
					const data = this.getWorkflowStaticData('node');
					return data.registeredUrl === this.getNodeWebhookUrl('default');
				},
				async create() {
					const data = this.getWorkflowStaticData('node');
					data.registeredUrl = this.getNodeWebhookUrl('default');
					data.activation = this.getActivationMode();
					return true;
				},
				async delete() {
					const data = this.getWorkflowStaticData('node');
					delete data.registeredUrl;
					delete data.activation;
					return true;
				},
			},
		};
	}

	async webhook() {
		const req = this.getRequestObject();
		if (this.getWebhookName() === 'setup') {
			return { workflowData: [[{ json: { query: this.getQueryData(), method: req.method } }]] };
		}
		if (this.getWebhookName() === 'sync') {
			return { workflowData: [[{ json: { body: this.getBodyData() } }]] };
		}

		const credentials = await this.getCredentials('fixtureApi');
		const headerName = this.getNodeParameter('secretHeader');
		if (req.headers[headerName] !== credentials.password) {
			this.getResponseObject().status(401).json({ error: 'signature mismatch' });
			return { noWebhookResponse: true };
		}

		const body = this.getBodyData();
		if (body.explode === true) throw new Error('webhook exploded');

		const seen = this.getWorkflowStaticData('node');
		seen.ids = seen.ids || [];
		if (seen.ids.includes(body.id)) return {};
		seen.ids.push(body.id);

		this.logger.debug('fixtureTrigger accepted an event', { id: body.id });
		return {
			workflowData: [
				[
					{
						json: {
							body,
							rawBodyIsBuffer: Buffer.isBuffer(req.rawBody),
							rawBody: Buffer.isBuffer(req.rawBody) ? req.rawBody.toString('utf8') : null,
							webhookUrl: this.getNodeWebhookUrl('default'),
						},
					},
				],
			],
		};
	}
}

module.exports = { FixtureTrigger };
