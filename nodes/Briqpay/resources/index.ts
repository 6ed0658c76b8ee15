import type { INodeProperties } from 'n8n-workflow';

import { processingField } from '../fields/processing';
import { withToolDefaults } from '../shared/tool';
import { hostedPage } from './hostedPage';
import type { Operation, Resource } from './operation';
import { order } from './order';
import { session } from './session';
import { token } from './token';

const resources: Record<string, Resource> = { hostedPage, order, session, token };

/** resource → operation → what it does (for the router). */
export function operationsOf(resource: string): Record<string, Operation> | undefined {
	return Object.prototype.hasOwnProperty.call(resources, resource)
		? resources[resource].operations
		: undefined;
}

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
	...session.properties,
	...order.properties,
	...hostedPage.properties,
	...token.properties,
	processingField,
]);
