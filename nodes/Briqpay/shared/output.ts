import type { IDataObject } from 'n8n-workflow';

import { alertFields } from './alert';
import type { BriqpayEnvironment } from './constants';
import { asObject } from './guards';

/** Output shaping: simplified sessions, and readable items for answers without a body. */

function compact(record: IDataObject): IDataObject {
	const result: IDataObject = {};
	for (const [key, value] of Object.entries(record)) {
		if (value === undefined || value === null || value === '') continue;
		if (typeof value === 'object' && !Array.isArray(value) && Object.keys(value).length === 0)
			continue;
		result[key] = value;
	}
	return result;
}

/** The fields people act on: id, statuses, amounts, references, customer, captures and refunds. */
export function simplifySession(session: IDataObject): IDataObject {
	const data = asObject(session.data);
	const order = asObject(data.order);
	const payment = asObject(asObject(session.moduleStatus).payment);
	const billing = asObject(data.billing);
	const company = asObject(data.company);
	const consumer = asObject(data.consumer);
	const personName = [billing.firstName, billing.lastName].filter(Boolean).join(' ');
	const list = (value: unknown, pick: (entry: IDataObject) => IDataObject) =>
		Array.isArray(value) ? value.map((entry) => compact(pick(asObject(entry)))) : undefined;

	return compact({
		sessionId: session.sessionId,
		status: session.status,
		orderStatus: payment.orderStatus,
		refundStatus: payment.refundStatus,
		intent: asObject(session.product).intent,
		customerType: session.customerType,
		country: session.country,
		currency: order.currency,
		amountIncVat: order.amountIncVat,
		amountExVat: order.amountExVat,
		references: session.references,
		customer: compact({
			companyName: company.name ?? billing.companyName,
			cin: company.cin ?? billing.cin,
			name: consumer.name ?? (personName || undefined),
			email: billing.email,
			phoneNumber: billing.phoneNumber,
		}),
		tokenId: asObject(data.tokenization).tokenId,
		captures: list(data.captures, (c) => ({
			captureId: c.captureId,
			status: c.status,
			amountIncVat: c.amountIncVat,
		})),
		refunds: list(data.refunds, (r) => ({
			refundId: r.refundId,
			parentCaptureId: r.parentCaptureId,
			status: r.status,
			amountIncVat: r.amountIncVat,
		})),
		createdAt: session.createdAt,
	});
}

/**
 * Raw or simplified, by the node's Simplify switch. A simplified session of the action node also
 * carries the alert fields (order reference, amount as text, status in words…); give the
 * credential's environment for them. The trigger puts them on its item instead.
 */
export function shapeSession(
	session: IDataObject,
	simplify: boolean,
	environment?: BriqpayEnvironment,
): IDataObject {
	if (!simplify) return session;
	const simplified = simplifySession(session);
	return environment ? { ...simplified, ...alertFields(session, environment) } : simplified;
}

/** An item for a 204 answer: says what happened instead of being empty. */
export function noContentResult(facts: IDataObject, message: string): IDataObject {
	return { ...facts, success: true, message };
}
