import type { IDataObject } from 'n8n-workflow';

import { BRIQPAY_BACK_OFFICE } from './constants';
import type { BriqpayEnvironment } from './constants';
import { formatAmount } from './money';
import { asObject } from './guards';
import { orderStatusOf } from './orderState';

/**
 * What an order alert says, ready to map into Slack, e-mail or a spreadsheet without a Code node:
 * the order reference, the amount as text, a status in words, the customer, the payment method
 * and a link to the order in Briqpay's back office. Built from a session read; never carries the session's
 * `clientToken` itself.
 */

/** Statuses in words, by event. A status Briqpay adds later reads as its own words (see statusLabel). */
const STATUS_LABELS: Record<string, Record<string, string>> = {
	session_status: { completed: 'Checkout completed' },
	order_status: {
		order_pending: 'Order pending',
		order_rejected: 'Order rejected',
		order_cancelled: 'Order cancelled',
		order_approved_not_captured: 'Order approved, not captured',
	},
	capture_status: {
		pending: 'Capture pending',
		approved: 'Capture approved',
		rejected: 'Capture rejected',
	},
	refund_status: {
		pending: 'Refund pending',
		approved: 'Refund approved',
		rejected: 'Refund rejected',
	},
};

function words(value: string): string {
	const text = value.replace(/_/g, ' ').trim();
	return text.charAt(0).toUpperCase() + text.slice(1);
}

/** "Order approved, not captured" for order_status/order_approved_not_captured. */
export function statusLabel(event: string, status: string | null | undefined): string | undefined {
	if (!status) return undefined;
	return STATUS_LABELS[event]?.[status] ?? words(status);
}

/** The merchant id inside the session's client token (a JWT; its signature is not ours to check). */
function merchantIdOf(clientToken: unknown): string | undefined {
	if (typeof clientToken !== 'string') return undefined;
	const payload = clientToken.split('.')[1];
	if (!payload) return undefined;
	try {
		const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as unknown;
		const id = asObject(claims).merchantId;
		return typeof id === 'string' && /^[\w-]{1,100}$/.test(id) ? id : undefined;
	} catch {
		return undefined;
	}
}

/**
 * [plugin] The order's page in Briqpay's back office, as Briqpay's WooCommerce and Magento plugins
 * build it. Only for Playground and Production: behind a Custom URL the back office is unknown.
 */
export function backOfficeUrl(
	session: IDataObject,
	environment: BriqpayEnvironment,
): string | undefined {
	if (environment === 'custom') return undefined;
	const merchantId = merchantIdOf(session.clientToken);
	const sessionId = session.sessionId;
	if (!merchantId || typeof sessionId !== 'string') return undefined;
	const test = environment === 'production' ? '0' : '1';
	return `${BRIQPAY_BACK_OFFICE}/dashboard/sessions/orders/${encodeURIComponent(sessionId)}?test=${test}&merchantId=${encodeURIComponent(merchantId)}`;
}

/** The order's alert fields. `event`/`status` name what happened (a hook), else the order status is used. */
export function alertFields(
	session: IDataObject,
	environment: BriqpayEnvironment,
	happened?: { event: string; status: string | null | undefined },
): IDataObject {
	const data = asObject(session.data);
	const order = asObject(data.order);
	const references = asObject(session.references);
	const transaction = asObject(Array.isArray(data.transactions) ? data.transactions[0] : undefined);
	const orderStatus = orderStatusOf(session);
	const label = happened
		? statusLabel(happened.event, happened.status)
		: orderStatus
			? statusLabel('order_status', orderStatus)
			: typeof session.status === 'string'
				? words(session.status)
				: undefined;
	const billing = asObject(data.billing);
	const person = [billing.firstName, billing.lastName].filter(Boolean).join(' ');
	const fields: IDataObject = {
		orderReference: references.reference1,
		amount: formatAmount(order.amountIncVat, order.currency),
		statusLabel: label,
		customerName:
			asObject(data.company).name ?? billing.companyName ?? asObject(data.consumer).name ?? person,
		paymentMethod: transaction.pspDisplayName,
		backOfficeUrl: backOfficeUrl(session, environment),
	};
	for (const key of Object.keys(fields))
		if (fields[key] === undefined || fields[key] === '') delete fields[key];
	return fields;
}

/** For a capture or refund event: that capture's or refund's record in the session, with its amount as text. */
export function matchingRecord(
	session: IDataObject,
	kind: 'capture' | 'refund',
	id: string,
): IDataObject | undefined {
	const data = asObject(session.data);
	const list = kind === 'capture' ? data.captures : data.refunds;
	if (!Array.isArray(list)) return undefined;
	const found = list
		.map(asObject)
		.find(
			(entry) =>
				String(entry[kind === 'capture' ? 'captureId' : 'refundId'] ?? '').toLowerCase() === id,
		);
	if (!found) return undefined;
	const amount = formatAmount(found.amountIncVat, asObject(data.order).currency);
	return amount ? { ...found, amount } : { ...found };
}
