import type { INodeProperties } from 'n8n-workflow';

import type { Operation } from '../types';
import * as create from './create';

export const operations: Record<string, Operation> = { create };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['hostedPage'] } },
		options: [
			{
				name: 'Create',
				value: 'create',
				description: 'Create a payment link for a session, to send by email or chat',
				action: 'Create a payment link that moves no money until the customer pays',
			},
		],
		default: 'create',
	},
	...create.description,
];
