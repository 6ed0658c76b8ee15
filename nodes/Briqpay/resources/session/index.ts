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
				action: 'Create a checkout session that moves no money until the customer pays',
			},
			{
				name: 'Decide',
				value: 'decide',
				description: 'Allow or reject a purchase when the decision step is switched on',
				action: 'Allow or reject a purchase so that the payment goes through or stops',
			},
			{
				name: 'Get',
				value: 'get',
				description: 'Read a session with its status, order, captures and refunds',
				action: 'Get a session without moving money',
			},
			{
				name: 'Set References',
				value: 'setReferences',
				description: 'Add or change your references on a session that is not completed',
				action: 'Set references on a session without moving money',
			},
			{
				name: 'Update',
				value: 'update',
				description: 'Change the order or customer data of a session that is not completed',
				action: 'Update a session and change what the customer will pay',
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
