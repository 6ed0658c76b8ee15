import type {
	IAuthenticate,
	IAuthenticateRuleResponseSuccessBody,
	ICredentialTestRequest,
	ICredentialType,
	Icon,
	INodeProperties,
} from 'n8n-workflow';

import { AUTH_ERROR_CODES, authError } from '../nodes/Briqpay/shared/authErrors';
import { BRIQPAY_HOSTS, ENDPOINTS, PROBE_SESSION_ID } from '../nodes/Briqpay/shared/constants';

/** A refused key's error code → the same words the node uses (shared/authErrors.ts). */
const authRules: IAuthenticateRuleResponseSuccessBody[] = AUTH_ERROR_CODES.map((code) => {
	const { message, description } = authError(code);
	return {
		type: 'responseSuccessBody',
		properties: { key: 'error.code', value: code, message: `${message}. ${description}` },
	};
});

const base64 = (text: string): string => Buffer.from(text, 'utf8').toString('base64');

export class BriqpayApi implements ICredentialType {
	name = 'briqpayApi';

	displayName = 'Briqpay API';

	icon: Icon = { light: 'file:briqpay.svg', dark: 'file:briqpay.dark.svg' };

	documentationUrl = 'https://github.com/briqpay-community/n8n-nodes-briqpay#credentials';

	properties: INodeProperties[] = [
		{
			displayName: 'Environment',
			name: 'environment',
			type: 'options',
			options: [
				{
					name: 'Playground (Test)',
					value: 'playground',
					description: 'Test payments with Playground keys; no money moves',
				},
				{
					name: 'Production (Live)',
					value: 'production',
					description: 'Real payments with Production keys',
				},
				{
					name: 'Custom URL',
					value: 'custom',
					description: 'A proxy or a local stand-in that speaks the Briqpay v3 API',
				},
			],
			default: 'playground',
			description:
				'Which Briqpay environment to use. Playground and Production each have their own username and secret.',
		},
		{
			displayName: 'Base URL',
			name: 'baseUrl',
			type: 'string',
			default: '',
			placeholder: 'e.g. http://127.0.0.1:4010',
			description: 'Address of the API, without /v3 at the end',
			displayOptions: { show: { environment: ['custom'] } },
		},
		{
			displayName: 'Username',
			name: 'username',
			type: 'string',
			default: '',
			required: true,
			description: 'The API username from the Briqpay back office (Settings → API keys)',
		},
		{
			displayName: 'Secret',
			name: 'secret',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			description: 'The API secret that belongs to the username',
		},
		{
			displayName: 'Webhook Signing Secret',
			name: 'webhookSigningSecret',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			description:
				"Optional. Only if your Briqpay account signs its webhooks: paste the signing secret from Briqpay's back office. The Briqpay Trigger then refuses events that are not signed with it. Leave empty if you do not have one.",
		},
	];

	/**
	 * Basic auth, set as a header by a function: n8n would resolve a generic form's
	 * `={{$credentials…}}` expressions on every request (about 0.8 ms each on 2 cores, see the
	 * README's Performance section). Works the same from the Briqpay nodes, the credential test and
	 * the HTTP Request node's "Predefined Credential Type".
	 */
	authenticate: IAuthenticate = async (credentials, requestOptions) => ({
		...requestOptions,
		headers: {
			...requestOptions.headers,
			Authorization: `Basic ${base64(`${String(credentials.username ?? '')}:${String(credentials.secret ?? '')}`)}`,
		},
	});

	/**
	 * Reads a session that never exists. 403 means the keys were refused and its error code says
	 * why; a 404/400 "not found" means the keys were accepted. [guess] The answer's body is checked
	 * (ignoreHttpStatusErrors), so the user learns which of the three auth problems happened.
	 */
	test: ICredentialTestRequest = {
		request: {
			baseURL: `={{ $credentials.environment === 'production' ? '${BRIQPAY_HOSTS.production}' : $credentials.environment === 'custom' ? $credentials.baseUrl.replace(/\\/+$/, '') : '${BRIQPAY_HOSTS.playground}' }}`,
			url: ENDPOINTS.session(PROBE_SESSION_ID),
			qs: { fields: 'none' },
			method: 'GET',
			ignoreHttpStatusErrors: true,
		},
		rules: [
			...authRules,
			{
				type: 'responseSuccessBody',
				properties: {
					key: 'error.code',
					value: 'UNKNOWN',
					message:
						'Briqpay answered with an unknown error (UNKNOWN), so the keys could not be checked. Try again in a minute.',
				},
			},
		],
	};
}
