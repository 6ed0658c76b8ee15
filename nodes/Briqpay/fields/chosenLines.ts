import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { lineReferenceLocator, locatorValue } from '../resources/order/sessionLists';
import { fail as refuse } from '../shared/itemErrors';
import type { CartLine } from '../shared/money';
import type { Show } from './display';

/** Lines to Capture / Lines to Refund: lines chosen by reference and quantity, and their reader. */

const CHOSEN_LINES = 'chosenLines';
const CHOSEN_LINE = 'line';

/** Lines chosen by reference and quantity; the rest of each line is read from the session. */
export function chosenLinesField(show: Show, what: 'capture' | 'refund'): INodeProperties {
	return {
		displayName: what === 'capture' ? 'Lines to Capture' : 'Lines to Refund',
		name: CHOSEN_LINES,
		type: 'fixedCollection',
		typeOptions: { multipleValues: true },
		placeholder: 'Add Line',
		default: {},
		description: `Pick ${what === 'capture' ? 'order' : 'captured'} lines from the list (read from the session) or by their reference (SKU); names, prices and tax rates are taken from the session`,
		displayOptions: { show },
		options: [
			{
				displayName: 'Line',
				name: CHOSEN_LINE,
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

function describe(lines: CartLine[]): string {
	if (lines.length === 0) return 'none';
	return lines
		.map((line) => `${line.reference ?? line.name} ×${line.quantity} (tax ${line.taxRate / 100} %)`)
		.join(', ');
}

/**
 * Turns the user's chosen lines (reference + quantity) into full cart lines taken from `available`
 * (what is left to capture, or to refund), refusing anything that does not match before sending.
 */
export function pickLines(
	ctx: IExecuteFunctions,
	itemIndex: number,
	available: CartLine[],
	what: 'capture' | 'refund',
): CartLine[] {
	const rows = ctx.getNodeParameter(
		`${CHOSEN_LINES}.${CHOSEN_LINE}`,
		itemIndex,
		[],
	) as IDataObject[];
	const fail = (message: string, description?: string): never =>
		refuse(ctx, itemIndex, message, description);
	if (rows.length === 0)
		fail(`Add at least one line to ${what}`, `Lines left to ${what}: ${describe(available)}.`);

	// What is left per line of `available`; lines sharing a reference and tax rate are used in turn.
	const left = available.map((line) => line.quantity);
	const picked = new Map<number, CartLine>();
	rows.forEach((row, index) => {
		const label = `Line ${index + 1}`;
		const reference = locatorValue(row.reference);
		const taxRate = Number(row.taxRate ?? -1);
		const quantity = Number(row.quantity);
		if (!Number.isInteger(quantity) || quantity < 1)
			fail(`${label}: quantity must be a whole number of at least 1`);
		const matches = available
			.map((line, at) => ({ line, at }))
			.filter(
				({ line }) =>
					(line.reference ?? '') === reference && (taxRate === -1 || line.taxRate === taxRate),
			);
		if (matches.length === 0) {
			fail(
				`${label}: no line with reference "${reference}"${taxRate === -1 ? '' : ` and tax rate ${taxRate}`} is left to ${what}`,
				`Lines must match the ${what === 'capture' ? 'order' : 'capture'} by reference and tax rate. Lines left to ${what}: ${describe(available)}.`,
			);
		}
		if (new Set(matches.map(({ line }) => line.taxRate)).size > 1) {
			fail(
				`${label}: the reference "${reference}" appears with several tax rates`,
				'Set the Tax Rate of this line to pick one.',
			);
		}
		const remaining = matches.reduce((sum, { at }) => sum + left[at], 0);
		if (quantity > remaining) {
			fail(
				`${label}: only ${remaining} of "${reference}" ${remaining === 1 ? 'is' : 'are'} left to ${what}, not ${quantity}`,
				`Lines left to ${what}: ${describe(available)}.`,
			);
		}
		let wanted = quantity;
		for (const { line, at } of matches) {
			const take = Math.min(wanted, left[at]);
			if (take === 0) continue;
			left[at] -= take;
			wanted -= take;
			const previous = picked.get(at);
			picked.set(at, { ...line, quantity: (previous?.quantity ?? 0) + take });
			if (wanted === 0) break;
		}
	});
	return [...picked.entries()].sort(([a], [b]) => a - b).map(([, line]) => line);
}
