import type { INodeProperties } from 'n8n-workflow';

import * as hostedPage from './hostedPage';
import * as order from './order';
import * as session from './session';
import * as token from './token';
import { withToolDefaults } from '../shared/tool';
import type { Operation } from './types';

/** resource → operation → what it does. */
export const router: Record<string, Record<string, Operation>> = {
	hostedPage: hostedPage.operations,
	order: order.operations,
	session: session.operations,
	token: token.operations,
};

export const properties: INodeProperties[] = withToolDefaults([
	{
		displayName: 'Resource',
		name: 'resource',
		type: 'options',
		noDataExpression: true,
		options: [
			{ name: 'Hosted Page', value: 'hostedPage' },
			{ name: 'Order', value: 'order' },
			{ name: 'Session', value: 'session' },
			{ name: 'Token', value: 'token' },
		],
		default: 'session',
	},
	...session.description,
	...order.description,
	...hostedPage.description,
	...token.description,
]);
