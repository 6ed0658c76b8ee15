import { NodeConnectionTypes } from 'n8n-workflow';
import type {
	IExecuteFunctions,
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
} from 'n8n-workflow';

import { properties } from './resources';
import { listSearch } from './resources/order/sessionLists';
import { route } from './resources/router';

export class Briqpay implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Briqpay',
		name: 'briqpay',
		icon: { light: 'file:briqpay.svg', dark: 'file:briqpay.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle: '={{$parameter["operation"] + ": " + $parameter["resource"]}}',
		description:
			'Create Briqpay checkout sessions and payment links, charge saved payment methods, and capture, refund or cancel orders',
		defaults: { name: 'Briqpay' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'briqpayApi', required: true }],
		properties,
	};

	methods = { listSearch };

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await route(this);
	}
}
