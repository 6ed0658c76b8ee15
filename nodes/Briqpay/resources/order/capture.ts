import type { OrderLine } from '../../shared/money';
import { chosenLinesField, pickLines } from '../../fields/chosenLines';
import { SESSION_ID } from '../../fields/ids';
import { CAPTURABLE_ORDER_STATUSES, ENDPOINTS } from '../../shared/constants';
import { fail } from '../../shared/itemErrors';
import { buildOrder } from '../../shared/money';
import {
	liveCaptures,
	orderOf,
	orderStatusOf,
	uncapturedLines,
	uncapturedSalesTax,
} from '../../shared/orderState';
import { sendMoneyCall } from '../../shared/reconcile';
import { readSession } from '../../shared/session';
import type { Operation } from '../operation';

/** [doc][plugin] POST /order/capture with the lines to capture; sent once (again only after a
 * 429: Briqpay did not act), reconciled if the answer is lost. */
export const capture: Operation = {
	menu: {
		name: 'Capture',
		value: 'capture',
		description: 'Take the money of an approved order, in full or for some lines',
		action: 'Capture an order and take the reserved money from the customer',
	},
	id: SESSION_ID,
	lock: true,
	fields: [
		{
			displayName: 'Capture',
			name: 'captureScope',
			type: 'options',
			noDataExpression: true,
			options: [
				{
					name: 'Everything Not Yet Captured',
					value: 'remaining',
					description: 'Capture what is left of the order; the lines are read from the session',
				},
				{
					name: 'Chosen Lines',
					value: 'lines',
					description: 'Capture some lines or quantities (a partial capture)',
				},
			],
			default: 'remaining',
		},
		chosenLinesField({ captureScope: ['lines'] }, 'capture'),
	],

	async execute(itemIndex, sessionId, { client }) {
		const scope = this.getNodeParameter('captureScope', itemIndex, 'remaining') as string;
		const session = await readSession(client, sessionId, itemIndex);

		const status = orderStatusOf(session);
		if (session.status !== 'completed' || !status || !CAPTURABLE_ORDER_STATUSES.includes(status)) {
			fail(
				this,
				itemIndex,
				`This order can't be captured: its status is ${status ?? session.status ?? 'unknown'}`,
				status === 'order_pending'
					? 'The payment provider has not approved the order yet. Capture after the order_status event "order_approved_not_captured".'
					: status === 'captured_full'
						? 'Everything is already captured.'
						: 'Only completed orders that are approved (order_approved_not_captured) or partly captured can be captured.',
			);
		}

		const left = uncapturedLines(session);
		const cart: OrderLine[] =
			scope === 'lines' ? pickLines(this, itemIndex, left, 'capture') : [...left];
		const salesTax = scope === 'remaining' ? uncapturedSalesTax(session) : undefined;
		if (salesTax) cart.push(salesTax);
		if (cart.length === 0) {
			fail(this, itemIndex, 'Nothing is left to capture on this order');
		}
		const order = buildOrder({ currency: orderOf(session).currency, cart });

		const before = new Set(liveCaptures(session).map((capture) => capture.captureId));
		const outcome = await sendMoneyCall(this, client, itemIndex, {
			what: 'capture',
			call: {
				method: 'POST',
				path: ENDPOINTS.capture(sessionId),
				body: { data: { order } },
				subject: { kind: 'session', id: sessionId },
			},
			reconcile: async () => {
				const after = await readSession(client, sessionId, itemIndex);
				const capture = liveCaptures(after).find(
					(c) => !before.has(c.captureId) && Number(c.amountIncVat) === order.amountIncVat,
				);
				return capture ? { captureId: capture.captureId, status: capture.status } : undefined;
			},
			whatToCheck: `Open session ${sessionId} in Briqpay and look for a capture of ${order.amountIncVat} ${order.currency} (minor units).`,
		});
		const captureId = outcome.reconciled
			? outcome.reconciled.captureId
			: (outcome.answer.body?.captureId ?? undefined);

		return {
			sessionId,
			captureId,
			amountIncVat: order.amountIncVat,
			amountExVat: order.amountExVat,
			currency: order.currency,
			cart: order.cart,
			...(outcome.reconciled ? { status: outcome.reconciled.status, reconciled: true } : {}),
		};
	},
};
