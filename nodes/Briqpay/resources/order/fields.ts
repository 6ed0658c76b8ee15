import type { IDisplayOptions, INodeProperties } from 'n8n-workflow';

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
		description: `Pick ${what === 'capture' ? 'order' : 'captured'} lines by their reference (SKU); names, prices and tax rates are taken from the session`,
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
					{
						displayName: 'Reference',
						name: 'reference',
						type: 'string',
						default: '',
						placeholder: 'e.g. SKU-1',
						description: 'The reference of the line in the order',
					},
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
