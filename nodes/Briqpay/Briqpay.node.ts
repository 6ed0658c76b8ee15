import { NodeConnectionTypes, NodeOperationError } from 'n8n-workflow';
import type {
	IExecuteFunctions,
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
} from 'n8n-workflow';

import { properties, router } from './resources';
import { listSearch } from './resources/order/sessionLists';
import { locksFor, mapConcurrently } from './shared/concurrency';
import { asNodeError, errorItem } from './shared/itemErrors';
import { BriqpayClient } from './shared/transport';

/** Items sent to Briqpay at the same time unless the user says otherwise. */
const DEFAULT_CONCURRENCY = 20;

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
		properties: [
			...properties,
			{
				displayName: 'Processing',
				name: 'processing',
				type: 'collection',
				placeholder: 'Add Setting',
				default: {},
				options: [
					{
						displayName: 'Concurrency',
						name: 'concurrency',
						type: 'number',
						typeOptions: { minValue: 1, maxValue: 50 },
						default: DEFAULT_CONCURRENCY,
						description:
							'How many items are sent to Briqpay at the same time; 1 handles them strictly one after the other. Charges of the same token and changes to the same order always run one at a time.',
					},
				],
			},
		],
	};

	methods = { listSearch };

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const items = this.getInputData();
		const concurrency = Math.max(
			1,
			Math.floor(Number(this.getNodeParameter('processing.concurrency', 0, DEFAULT_CONCURRENCY))) ||
				1,
		);
		// Resource and operation cannot take expressions (noDataExpression), so one read serves every item.
		const resource = this.getNodeParameter('resource', 0) as string;
		const operation = this.getNodeParameter('operation', 0) as string;
		const handler = router[resource]?.[operation];
		if (!handler) {
			throw new NodeOperationError(
				this.getNode(),
				`The operation "${operation}" is not known for resource "${resource}"`,
			);
		}
		const client = await BriqpayClient.connect(this, { maxInFlight: concurrency });

		const output = await mapConcurrently(items.length, concurrency, async (itemIndex) => {
			try {
				const run = async () => await handler.execute.call(this, itemIndex, client);
				const lockId = handler.lockBy
					? String(this.getNodeParameter(handler.lockBy, itemIndex, ''))
							.trim()
							.toLowerCase()
					: '';
				const json = lockId
					? await locksFor(client).run(`${handler.lockBy}:${lockId}`, run)
					: await run();
				return { json, pairedItem: { item: itemIndex } } as INodeExecutionData;
			} catch (error) {
				if (this.continueOnFail()) return errorItem(error, itemIndex);
				throw asNodeError(this.getNode(), error, itemIndex);
			}
		});
		return [output];
	}
}
