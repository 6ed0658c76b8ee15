import { NodeOperationError } from 'n8n-workflow';
import type {
	IDataObject,
	ILoadOptionsFunctions,
	INodeListSearchItems,
	INodeListSearchResult,
	INodeProperties,
} from 'n8n-workflow';

import { UUID_PATTERN } from '../../shared/constants';
import { formatAmount } from '../../shared/money';
import type { CartLine } from '../../shared/money';
import {
	liveCaptures,
	orderOf,
	refundableAmount,
	uncapturedLines,
	unrefundedLines,
} from '../../shared/orderState';
import { BriqpayClient } from '../../shared/transport';
import { readSession } from '../../shared/session';

/**
 * Dropdowns filled from the session (Capture → Lines to Capture, Refund → Capture ID and Lines to
 * Refund): n8n calls these `listSearch` methods while the user edits the node, with the node's
 * credential. One GET of the session per list; nothing else is sent.
 */

/** Minor units as text for a list label, e.g. 31125 → "311.25 SEK". */
function formatMinor(minor: number, currency: string): string {
	return formatAmount(minor, currency) ?? `${minor} (minor units)`;
}

/** A resource locator's value: the raw string of an older workflow, or `{__rl, mode, value}`. */
export function locatorValue(raw: unknown): string {
	if (typeof raw === 'object' && raw !== null && 'value' in raw) {
		return String((raw as IDataObject).value ?? '').trim();
	}
	return String(raw ?? '').trim();
}

async function sessionFromParameters(ctx: ILoadOptionsFunctions): Promise<IDataObject> {
	const sessionId = locatorValue(ctx.getCurrentNodeParameter('sessionId'));
	if (!UUID_PATTERN.test(sessionId)) {
		throw new NodeOperationError(ctx.getNode(), 'The list needs a fixed Session ID first', {
			description:
				'Enter the Session ID above (an ID such as c5674f4f-7e84-405c-a44b-c83736bb7209, not an expression), or switch this field to "By ID" / an expression.',
		});
	}
	const client = await BriqpayClient.connect(ctx, { maxRetries: 1 });
	return await readSession(client, sessionId.toLowerCase(), 0);
}

function lineItems(lines: CartLine[], currency: string, left: string): INodeListSearchItems[] {
	return lines.map((line) => ({
		name: `${line.name} (${line.reference ?? 'no reference'}) · ${line.taxRate / 100} % VAT · ${line.quantity} ${left} · ${formatMinor(line.unitPrice, currency)} each excl. VAT`,
		value: line.reference ?? '',
	}));
}

function filtered(items: INodeListSearchItems[], filter?: string): INodeListSearchResult {
	const needle = (filter ?? '').trim().toLowerCase();
	return {
		results: needle ? items.filter((item) => item.name.toLowerCase().includes(needle)) : items,
	};
}

export const listSearch = {
	/** Refund → Capture ID: the captures that took money, with what each still holds. */
	async captures(this: ILoadOptionsFunctions, filter?: string): Promise<INodeListSearchResult> {
		const session = await sessionFromParameters(this);
		const currency = String(orderOf(session).currency ?? '');
		const items = liveCaptures(session).map((capture) => ({
			name: `${formatMinor(Number(capture.amountIncVat ?? 0), String(capture.currency ?? currency))} captured, ${formatMinor(refundableAmount(session, capture), String(capture.currency ?? currency))} refundable · ${capture.status ?? 'unknown'} · ${capture.captureId}`,
			value: capture.captureId,
		}));
		return filtered(items, filter);
	},

	/** Capture → Lines to Capture: the order lines not yet captured. */
	async linesToCapture(
		this: ILoadOptionsFunctions,
		filter?: string,
	): Promise<INodeListSearchResult> {
		const session = await sessionFromParameters(this);
		const currency = String(orderOf(session).currency ?? '');
		return filtered(lineItems(uncapturedLines(session), currency, 'left to capture'), filter);
	},

	/** Refund → Lines to Refund: the lines of the chosen capture (or of every capture) not yet refunded. */
	async linesToRefund(
		this: ILoadOptionsFunctions,
		filter?: string,
	): Promise<INodeListSearchResult> {
		const session = await sessionFromParameters(this);
		const currency = String(orderOf(session).currency ?? '');
		const chosen = locatorValue(this.getCurrentNodeParameter('captureId')).toLowerCase();
		const captures = liveCaptures(session).filter(
			(capture) => !chosen || String(capture.captureId).toLowerCase() === chosen,
		);
		const items = captures.flatMap((capture) =>
			lineItems(unrefundedLines(session, capture), currency, 'left to refund').map((item) => ({
				...item,
				name: captures.length > 1 ? `${item.name} · capture ${capture.captureId}` : item.name,
			})),
		);
		// One entry per reference: the reference is what the field keeps.
		const seen = new Set<string>();
		return filtered(
			items.filter((item) => !seen.has(String(item.value)) && seen.add(String(item.value))),
			filter,
		);
	},
};

/** The Reference of a chosen line: a list of the session's lines, or a reference typed in. */
export function lineReferenceLocator(what: 'capture' | 'refund'): INodeProperties {
	return {
		displayName: 'Reference',
		name: 'reference',
		type: 'resourceLocator',
		default: { mode: 'list', value: '' },
		description: `The reference (SKU) of the ${what === 'capture' ? 'order' : 'captured'} line`,
		modes: [
			{
				displayName: 'From List',
				name: 'list',
				type: 'list',
				placeholder: `Select a line left to ${what}…`,
				typeOptions: {
					searchListMethod: what === 'capture' ? 'linesToCapture' : 'linesToRefund',
					searchable: true,
				},
			},
			{
				displayName: 'By Reference',
				name: 'id',
				type: 'string',
				placeholder: 'e.g. SKU-1',
			},
		],
	};
}
