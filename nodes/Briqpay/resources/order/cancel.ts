import { SESSION_ID } from '../../fields/ids';
import { ENDPOINTS } from '../../shared/constants';
import { fail } from '../../shared/itemErrors';
import { liveCaptures, orderStatusOf } from '../../shared/orderState';
import { noContentResult } from '../../shared/output';
import { sendMoneyCall } from '../../shared/reconcile';
import { readSession } from '../../shared/session';
import type { Operation } from '../operation';

/** [doc][plugin] POST /order/cancel, only while approved and not captured; 204. */
export const cancel: Operation = {
	menu: {
		name: 'Cancel',
		value: 'cancel',
		description: 'Release an approved order that is not captured yet',
		action: 'Cancel an order and release the reserved money without taking any',
	},
	id: SESSION_ID,
	lock: true,
	fields: [
		{
			displayName:
				'Cancel releases an approved order that is not captured yet. Captured money is given back with Refund instead.',
			name: 'cancelNotice',
			type: 'notice',
			default: '',
		},
	],

	async execute(itemIndex, sessionId, { client }) {
		const session = await readSession(client, sessionId, itemIndex);
		const status = orderStatusOf(session);
		const captures = liveCaptures(session);
		if (captures.length > 0) {
			fail(
				this,
				itemIndex,
				`This order can't be cancelled: it is already captured (${status ?? 'captured'})`,
				`Capture ${captures.map((c) => `${c.captureId} (${c.status})`).join(', ')} exists. Give captured money back with Order → Refund.`,
			);
		}
		if (status !== 'order_approved_not_captured') {
			fail(
				this,
				itemIndex,
				`This order can't be cancelled: its status is ${status ?? session.status ?? 'unknown'}`,
				status === 'order_cancelled'
					? 'It is already cancelled.'
					: 'Only approved orders that are not captured (order_approved_not_captured) can be cancelled.',
			);
		}
		const outcome = await sendMoneyCall(this, client, itemIndex, {
			what: 'cancellation',
			call: {
				method: 'POST',
				path: ENDPOINTS.cancel(sessionId),
				subject: { kind: 'session', id: sessionId },
			},
			reconcile: async () => {
				const after = await readSession(client, sessionId, itemIndex);
				return orderStatusOf(after) === 'order_cancelled'
					? { orderStatus: 'order_cancelled' }
					: undefined;
			},
			whatToCheck: `Open session ${sessionId} in Briqpay and check whether the order is cancelled.`,
		});
		return noContentResult(
			{
				sessionId,
				orderStatus: 'order_cancelled',
				...(outcome.reconciled ? { reconciled: true } : {}),
			},
			'Order cancelled: the reserved amount is released.',
		);
	},
};
