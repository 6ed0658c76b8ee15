import { NodeOperationError } from 'n8n-workflow';
import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { ENDPOINTS } from '../../shared/constants';
import { readId } from '../../shared/inputs';
import { liveCaptures, orderStatusOf } from '../../shared/orderState';
import { noContentResult } from '../../shared/output';
import { sendMoneyCall } from '../../shared/reconcile';
import type { BriqpayClient } from '../../shared/transport';
import { sessionIdField } from '../session/fields';
import { readSession } from '../../shared/session';

const show = { resource: ['order'], operation: ['cancel'] };

/** Changes of one session run one at a time. */
export const lockBy = 'sessionId';

export const description: INodeProperties[] = [
	sessionIdField(show),
	{
		displayName:
			'Cancel releases an approved order that is not captured yet. Captured money is given back with Refund instead.',
		name: 'cancelNotice',
		type: 'notice',
		default: '',
		displayOptions: { show },
	},
];

/** [doc][plugin] POST /order/cancel, only while approved and not captured; 204. */
export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
	client: BriqpayClient,
): Promise<IDataObject> {
	const sessionId = readId(this, itemIndex, 'sessionId', 'Session ID');
	const session = await readSession(client, sessionId, itemIndex);
	const status = orderStatusOf(session);
	const captures = liveCaptures(session);
	if (captures.length > 0) {
		throw new NodeOperationError(
			this.getNode(),
			`This order can't be cancelled: it is already captured (${status ?? 'captured'})`,
			{
				itemIndex,
				description: `Capture ${captures.map((c) => `${c.captureId} (${c.status})`).join(', ')} exists. Give captured money back with Order → Refund.`,
			},
		);
	}
	if (status !== 'order_approved_not_captured') {
		throw new NodeOperationError(
			this.getNode(),
			`This order can't be cancelled: its status is ${status ?? session.status ?? 'unknown'}`,
			{
				itemIndex,
				description:
					status === 'order_cancelled'
						? 'It is already cancelled.'
						: 'Only approved orders that are not captured (order_approved_not_captured) can be cancelled.',
			},
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
}
