import type { IDisplayOptions, INodeProperties } from 'n8n-workflow';

import { lineReferenceLocator } from './sessionLists';

type Show = NonNullable<IDisplayOptions['show']>;

/** Lines chosen by reference and quantity; the rest of each line is read from the session. */
export function chosenLinesField(show: Show, what: 'capture' | 'refund'): INodeProperties {
	return {
		displayName: what === 'capture' ? 'Lines to Capture' : 'Lines to Refund',
		name: 'chosenLines',
		type: 'fixedCollection',
		typeOptions: { multipleValues: true },
		placeholder: 'Add Line',
		default: {},
		description: `Pick ${what === 'capture' ? 'order' : 'captured'} lines from the list (read from the session) or by their reference (SKU); names, prices and tax rates are taken from the session`,
		displayOptions: { show },
		options: [
			{
				displayName: 'Line',
				name: 'line',
				values: [
					{
						displayName: 'Quantity',
						name: 'quantity',
						type: 'number',
						typeOptions: { minValue: 1 },
						default: 1,
					},
					lineReferenceLocator(what),
					{
						displayName: 'Tax Rate (Basis Points)',
						name: 'taxRate',
						type: 'number',
						default: -1,
						description:
							'Only needed when the order has two lines with the same reference and different tax rates. -1 means any.',
					},
				],
			},
		],
	};
}
