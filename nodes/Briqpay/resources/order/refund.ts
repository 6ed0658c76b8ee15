import type { INodeProperties } from 'n8n-workflow';

import { chosenLinesField, pickLines } from '../../fields/chosenLines';
import { SESSION_ID } from '../../fields/ids';
import { ENDPOINTS, UUID_PATTERN } from '../../shared/constants';
import { fail as refuse } from '../../shared/itemErrors';
import { buildOrder, netForGross } from '../../shared/money';
import type { CartLine } from '../../shared/money';
import {
	liveCaptures,
	liveRefunds,
	orderOf,
	refundableAmount,
	unrefundedLines,
} from '../../shared/orderState';
import type { CaptureRecord } from '../../shared/orderState';
import { sendMoneyCall } from '../../shared/reconcile';
import { readSession } from '../../shared/session';
import type { Operation } from '../operation';
import { locatorValue } from './sessionLists';

/** Refund's Capture ID: a list of the session's captures, or an ID typed in. */
const captureIdLocator: INodeProperties = {
	displayName: 'Capture ID',
	name: 'captureId',
	type: 'resourceLocator',
	default: { mode: 'list', value: '' },
	description:
		'The capture to refund from. Leave empty when the order has one capture; required when it has several.',
	modes: [
		{
			displayName: 'From List',
			name: 'list',
			type: 'list',
			placeholder: 'Select a capture of the session…',
			typeOptions: { searchListMethod: 'captures', searchable: true },
		},
		{
			displayName: 'By ID',
			name: 'id',
			type: 'string',
			placeholder: 'e.g. a3811397-a1fc-44f0-99fd-d134063c9c47',
			validation: [
				{
					type: 'regex',
					properties: {
						regex: UUID_PATTERN.source,
						errorMessage: 'A capture ID looks like a3811397-a1fc-44f0-99fd-d134063c9c47',
					},
				},
			],
		},
	],
};

function describeCaptures(captures: CaptureRecord[]): string {
	return captures
		.map((c) => `${c.captureId} (${c.amountIncVat} ${c.currency ?? ''}, ${c.status})`)
		.join('; ');
}

/** [plugin] POST /order/refund against one capture; sent once (again only after a 429:
 * Briqpay did not act), reconciled if the answer is lost. */
export const refund: Operation = {
	menu: {
		name: 'Refund',
		value: 'refund',
		description: 'Give back captured money, by lines or by amount',
		action: 'Refund an order and send captured money back to the customer',
	},
	id: SESSION_ID,
	lock: true,
	fields: [
		captureIdLocator,
		{
			displayName: 'Refund By',
			name: 'refundBy',
			type: 'options',
			noDataExpression: true,
			options: [
				{
					name: 'Amount',
					value: 'amount',
					description: 'Refund an amount, e.g. a goodwill refund (sent as an adjustment line)',
				},
				{
					name: 'Chosen Lines',
					value: 'lines',
					description: 'Refund captured lines by reference and quantity',
				},
			],
			default: 'lines',
		},
		chosenLinesField({ refundBy: ['lines'] }, 'refund'),
		{
			displayName: 'Amount (Minor Units, Incl. VAT)',
			name: 'refundAmount',
			type: 'number',
			typeOptions: { minValue: 1 },
			default: 0,
			placeholder: 'e.g. 5000',
			description: 'How much to give back, including VAT, in minor units: 5000 = 50.00',
			displayOptions: { show: { refundBy: ['amount'] } },
		},
		{
			displayName: 'Tax Rate (Basis Points)',
			name: 'refundTaxRate',
			type: 'number',
			default: 2500,
			description: 'VAT rate of the refunded amount: 2500 = 25 %',
			displayOptions: { show: { refundBy: ['amount'] } },
		},
		{
			displayName: 'Line Name',
			name: 'refundName',
			type: 'string',
			default: 'Refund',
			description: 'What the customer sees for this refund',
			displayOptions: { show: { refundBy: ['amount'] } },
		},
	],

	async execute(itemIndex, sessionId, { client }) {
		const fail = (message: string, description?: string): never =>
			refuse(this, itemIndex, message, description);
		// A resource locator; workflows saved before it was one hold a plain string.
		const wantedCapture = locatorValue(
			this.getNodeParameter('captureId', itemIndex, '', { extractValue: true }),
		).toLowerCase();
		if (wantedCapture && !UUID_PATTERN.test(wantedCapture)) {
			fail(
				`Capture ID "${wantedCapture.slice(0, 80)}" is not a Briqpay ID`,
				"Pick the capture from the list, use the captureId from the Capture operation's output, or leave it empty when the order has one capture.",
			);
		}
		const refundBy = this.getNodeParameter('refundBy', itemIndex, 'lines') as string;

		const session = await readSession(client, sessionId, itemIndex);
		const captures = liveCaptures(session);
		if (captures.length === 0) {
			fail(
				'This order has no capture to refund',
				'Only captured money can be refunded. To release an uncaptured order, use Order → Cancel.',
			);
		}
		let capture: CaptureRecord | undefined;
		if (wantedCapture) {
			capture = captures.find((c) => String(c.captureId).toLowerCase() === wantedCapture);
			if (!capture)
				fail(
					`The order has no capture ${wantedCapture}`,
					`Its captures: ${describeCaptures(captures)}.`,
				);
		} else if (captures.length > 1) {
			fail(
				'This order has several captures: choose one in Capture ID',
				`Its captures: ${describeCaptures(captures)}.`,
			);
		} else {
			capture = captures[0];
		}
		const target = capture as CaptureRecord;
		if (target.status === 'pending') {
			fail(
				`Capture ${target.captureId} is still pending`,
				'Refund it once the capture_status event says "approved".',
			);
		}

		let cart: CartLine[];
		if (refundBy === 'amount') {
			const amount = Number(this.getNodeParameter('refundAmount', itemIndex, 0));
			const taxRate = Number(this.getNodeParameter('refundTaxRate', itemIndex, 2500));
			if (!Number.isInteger(amount) || amount < 1)
				fail('Amount must be a whole number of at least 1 (minor units)', '5000 means 50.00.');
			if (!Number.isInteger(taxRate) || taxRate < 0 || taxRate > 10000)
				fail('Tax Rate must be a whole number from 0 to 10000 (basis points)');
			const net = netForGross(amount, taxRate);
			if (net === undefined) {
				fail(
					`${amount} including ${taxRate / 100} % VAT cannot be split into whole minor units`,
					`Use ${amount - 1} or ${amount + 1}.`,
				);
			}
			cart = [
				{
					productType: 'adjustment',
					name: String(this.getNodeParameter('refundName', itemIndex, 'Refund')).trim() || 'Refund',
					quantity: 1,
					quantityUnit: 'pcs',
					unitPrice: net as number,
					taxRate,
				},
			];
		} else {
			cart = pickLines(this, itemIndex, unrefundedLines(session, target), 'refund');
		}
		const order = buildOrder(
			{ currency: target.currency ?? orderOf(session).currency, cart },
			{ allowAdjustment: true },
		);
		const holds = refundableAmount(session, target);
		if (order.amountIncVat > holds) {
			fail(
				`The refund (${order.amountIncVat}) is more than capture ${target.captureId} still holds (${holds})`,
				'Amounts are in minor units, including VAT. Refund less, or refund from another capture.',
			);
		}

		const before = new Set(liveRefunds(session).map((refund) => refund.refundId));
		const outcome = await sendMoneyCall(this, client, itemIndex, {
			what: 'refund',
			call: {
				method: 'POST',
				path: ENDPOINTS.refund(sessionId),
				body: { captureId: target.captureId, data: { order } },
				subject: { kind: 'session', id: sessionId },
			},
			reconcile: async () => {
				const after = await readSession(client, sessionId, itemIndex);
				const refund = liveRefunds(after).find(
					(r) =>
						!before.has(r.refundId) &&
						r.parentCaptureId === target.captureId &&
						Number(r.amountIncVat) === order.amountIncVat,
				);
				return refund ? { refundId: refund.refundId, status: refund.status } : undefined;
			},
			whatToCheck: `Open session ${sessionId} in Briqpay and look for a refund of ${order.amountIncVat} ${order.currency} (minor units) on capture ${target.captureId}.`,
		});
		const refundId = outcome.reconciled
			? outcome.reconciled.refundId
			: outcome.answer.body?.refundId;

		return {
			sessionId,
			captureId: target.captureId,
			refundId,
			amountIncVat: order.amountIncVat,
			amountExVat: order.amountExVat,
			currency: order.currency,
			cart: order.cart,
			...(outcome.reconciled ? { status: outcome.reconciled.status, reconciled: true } : {}),
		};
	},
};
