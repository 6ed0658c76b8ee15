'use strict';

/**
 * API-key credential with a function-valued `authenticate` and a plain declarative test
 * (non-2xx responses throw; a `responseCode` rule gives the message).
 */
class FixtureKeyApi {
	constructor() {
		this.name = 'fixtureKeyApi';
		this.displayName = 'Fixture Key API';
		this.properties = [
			{
				displayName: 'API Key',
				name: 'apiKey',
				type: 'string',
				typeOptions: { password: true },
				default: '',
			},
			{ displayName: 'Base URL', name: 'baseUrl', type: 'string', default: '' },
		];
		this.test = {
			request: { baseURL: '={{$credentials.baseUrl}}', url: '/whoami-key' },
			rules: [
				{ type: 'responseCode', properties: { value: 401, message: 'The API key was refused' } },
			],
		};
	}

	async authenticate(credentials, requestOptions) {
		return {
			...requestOptions,
			headers: { ...(requestOptions.headers || {}), 'X-Api-Key': credentials.apiKey },
		};
	}
}

module.exports = { FixtureKeyApi };
