import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

/** The Processing collection (how many items run at once), and its reader. */

const PROCESSING = 'processing';
const CONCURRENCY = 'concurrency';

/** Items sent to Briqpay at the same time unless the user says otherwise. */
const DEFAULT_CONCURRENCY = 20;

export const processingField: INodeProperties = {
	displayName: 'Processing',
	name: PROCESSING,
	type: 'collection',
	placeholder: 'Add Setting',
	default: {},
	options: [
		{
			displayName: 'Concurrency',
			name: CONCURRENCY,
			type: 'number',
			typeOptions: { minValue: 1, maxValue: 50 },
			default: DEFAULT_CONCURRENCY,
			description:
				'How many items are sent to Briqpay at the same time; 1 handles them strictly one after the other. Charges of the same token and changes to the same order always run one at a time.',
		},
	],
};

/** The concurrency of this execution: a whole number of at least 1. */
export function readConcurrency(ctx: IExecuteFunctions): number {
	const raw = ctx.getNodeParameter(`${PROCESSING}.${CONCURRENCY}`, 0, DEFAULT_CONCURRENCY);
	return Math.max(1, Math.floor(Number(raw)) || 1);
}
