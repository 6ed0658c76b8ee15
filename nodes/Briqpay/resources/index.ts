import type { INodeProperties } from 'n8n-workflow';

import * as session from './session';
import * as token from './token';
import type { Operation } from './types';

/** resource → operation → what it does. */
export const router: Record<string, Record<string, Operation>> = {
	session: session.operations,
	token: token.operations,
};

export const properties: INodeProperties[] = [
	{
		displayName: 'Resource',
		name: 'resource',
		type: 'options',
		noDataExpression: true,
		options: [
			{ name: 'Session', value: 'session' },
			{ name: 'Token', value: 'token' },
		],
		default: 'session',
	},
	...session.description,
	...token.description,
];
