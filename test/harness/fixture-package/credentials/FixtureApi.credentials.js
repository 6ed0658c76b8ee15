'use strict';

/**
 * Basic-auth credential shaped like the real package's: an environment switch with a
 * default, a generic `authenticate` built from expressions, and a declarative test that
 * ignores HTTP status errors and judges the body with `responseSuccessBody` rules.
 */
class FixtureApi {
	constructor() {
		this.name = 'fixtureApi';
		this.displayName = 'Fixture API';
		this.documentationUrl = 'https://example.invalid/docs';
		this.properties = [
			{ displayName: 'Username', name: 'username', type: 'string', default: '' },
			{
				displayName: 'Password',
				name: 'password',
				type: 'string',
				typeOptions: { password: true },
				default: '',
			},
			{
				displayName: 'Environment',
				name: 'environment',
				type: 'options',
				options: [
					{ name: 'Production', value: 'production' },
					{ name: 'Custom', value: 'custom' },
				],
				default: 'custom',
			},
			{
				displayName: 'Base URL',
				name: 'baseUrl',
				type: 'string',
				default: 'http://127.0.0.1:9',
				displayOptions: { show: { environment: ['custom'] } },
			},
		];
		this.authenticate = {
			type: 'generic',
			properties: {
				auth: {
					username: '={{$credentials.username}}',
					password: '={{$credentials.password}}',
				},
				headers: {
					'X-Fixture-Env': '={{$credentials.environment}}',
				},
			},
		};
		this.test = {
			request: {
				baseURL: '={{$credentials.baseUrl}}',
				url: '/whoami',
				method: 'GET',
				ignoreHttpStatusErrors: true,
			},
			rules: [
				{
					type: 'responseSuccessBody',
					properties: {
						key: 'error.code',
						value: 'UNAUTHORIZED',
						message: 'Username or password is wrong',
					},
				},
				{
					type: 'responseSuccessBody',
					properties: {
						key: 'error.code',
						value: 'FORBIDDEN',
						message: 'These credentials may not use this API',
					},
				},
			],
		};
	}
}

module.exports = { FixtureApi };
