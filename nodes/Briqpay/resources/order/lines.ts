import { NodeOperationError } from 'n8n-workflow';
import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import type { CartLine } from '../../shared/money';
import { locatorValue } from './sessionLists';

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
	const rows = ctx.getNodeParameter('chosenLines.line', itemIndex, []) as IDataObject[];
	const fail = (message: string, description?: string): never => {
		throw new NodeOperationError(ctx.getNode(), message, { itemIndex, description });
	};
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
