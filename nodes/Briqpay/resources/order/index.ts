import type { INodeProperties } from 'n8n-workflow';

import type { Operation } from '../types';
import * as cancel from './cancel';
import * as capture from './capture';
import * as refund from './refund';
import * as updateReferences from './updateReferences';

export const operations: Record<string, Operation> = { cancel, capture, refund, updateReferences };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['order'] } },
		options: [
			{
				name: 'Cancel',
				value: 'cancel',
				description: 'Release an approved order that is not captured yet',
				action: 'Cancel an order and release the reserved money without taking any',
			},
			{
				name: 'Capture',
				value: 'capture',
				description: 'Take the money of an approved order, in full or for some lines',
				action: 'Capture an order and take the reserved money from the customer',
			},
			{
				name: 'Refund',
				value: 'refund',
				description: 'Give back captured money, by lines or by amount',
				action: 'Refund an order and send captured money back to the customer',
			},
			{
				name: 'Update References',
				value: 'updateReferences',
				description: 'Change your references on a completed order',
				action: 'Update the references of an order without moving money',
			},
		],
		default: 'capture',
	},
	...capture.description,
	...refund.description,
	...cancel.description,
	...updateReferences.description,
];
