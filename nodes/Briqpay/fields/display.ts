import type { IDisplayOptions, INodeProperties } from 'n8n-workflow';

/** Display conditions: parameter name → the values that show a field. */
export type Show = NonNullable<IDisplayOptions['show']>;

/**
 * Adds `show` (an operation's resource and operation) to the display conditions of each property,
 * keeping the conditions the property has of its own (e.g. `orderInput: ['lines']`).
 */
export function updateDisplayOptions(show: Show, properties: INodeProperties[]): INodeProperties[] {
	return properties.map((property) => ({
		...property,
		displayOptions: {
			...property.displayOptions,
			show: { ...show, ...property.displayOptions?.show },
		},
	}));
}
