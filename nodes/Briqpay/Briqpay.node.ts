import { NodeConnectionTypes, NodeOperationError } from 'n8n-workflow';
import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
} from 'n8n-workflow';

import { properties, router } from './resources';
import { asNodeError, errorItem } from './shared/itemErrors';
import { BriqpayClient } from './shared/transport';

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

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const items = this.getInputData();
		const client = await BriqpayClient.connect(this);
		const output: INodeExecutionData[] = [];

		for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
			try {
				const resource = this.getNodeParameter('resource', itemIndex) as string;
				const operation = this.getNodeParameter('operation', itemIndex) as string;
				const handler = router[resource]?.[operation];
				if (!handler) {
					throw new NodeOperationError(
						this.getNode(),
						`The operation "${operation}" is not known for resource "${resource}"`,
						{ itemIndex },
					);
				}
				const json: IDataObject = await handler.execute.call(this, itemIndex, client);
				output.push({ json, pairedItem: { item: itemIndex } });
			} catch (error) {
				if (this.continueOnFail()) {
					output.push(errorItem(error, itemIndex));
					continue;
				}
				throw asNodeError(this.getNode(), error, itemIndex);
			}
		}
		return [output];
	}
}
