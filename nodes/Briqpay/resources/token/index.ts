import type { INodeProperties } from 'n8n-workflow';

import type { Operation } from '../types';
import * as charge from './charge';
import * as deactivate from './deactivate';
import * as get from './get';

export const operations: Record<string, Operation> = { charge, deactivate, get };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['token'] } },
		options: [
			{
				name: 'Charge',
				value: 'charge',
				description: 'Charge a saved payment method (creates a completed payment session)',
				action: 'Charge a token and take money from the saved payment method now',
			},
			{
				name: 'Deactivate',
				value: 'deactivate',
				description: 'Make a saved payment method unusable for future charges',
				action: 'Deactivate a token to stop future charges without moving money',
			},
			{
				name: 'Get',
				value: 'get',
				description: 'Read a saved payment method with its state and earlier charges',
				action: 'Get a token without moving money',
			},
		],
		default: 'charge',
	},
	...charge.description,
	...deactivate.description,
	...get.description,
];
