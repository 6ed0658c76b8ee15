import type { INodeProperties } from 'n8n-workflow';

import type { Operation } from '../types';
import * as create from './create';
import * as decide from './decide';
import * as get from './get';
import * as setReferences from './setReferences';
import * as update from './update';

export const operations: Record<string, Operation> = { create, decide, get, setReferences, update };

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
				name: 'Decide',
				value: 'decide',
				description: 'Allow or reject a purchase when the decision step is switched on',
				action: 'Decide on a session',
			},
			{
				name: 'Get',
				value: 'get',
				description: 'Read a session with its status, order, captures and refunds',
				action: 'Get a session',
			},
			{
				name: 'Set References',
				value: 'setReferences',
				description: 'Add or change your references on a session that is not completed',
				action: 'Set references on a session',
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
	...setReferences.description,
	...decide.description,
];
