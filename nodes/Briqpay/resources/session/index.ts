import type { INodeProperties } from 'n8n-workflow';

import type { Operation } from '../types';
import * as create from './create';
import * as get from './get';
import * as update from './update';

export const operations: Record<string, Operation> = { create, get, update };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['session'] } },
		options: [
			{
				name: 'Create',
				value: 'create',
				description: 'Start a checkout session (payment, tokenization or signup)',
				action: 'Create a session',
			},
			{
				name: 'Get',
				value: 'get',
				description: 'Read a session with its status, order, captures and refunds',
				action: 'Get a session',
			},
			{
				name: 'Update',
				value: 'update',
				description: 'Change the order or customer data of a session that is not completed',
				action: 'Update a session',
			},
		],
		default: 'create',
	},
	...create.description,
	...get.description,
	...update.description,
];
