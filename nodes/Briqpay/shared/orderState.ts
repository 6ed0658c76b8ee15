import type { IDataObject } from 'n8n-workflow';

import { isSalesTaxLine } from './money';
import type { CartLine, OrderLine } from './money';
import { asObject } from './guards';

/**
 * What a session read says about its order: lines, what is captured, what is refunded.
 * Pure functions over the session object, used for pre-flight checks and reconciliation.
 */

export interface CaptureRecord extends IDataObject {
	captureId: string;
	status?: string;
	amountIncVat?: number;
	amountExVat?: number;
	currency?: string;
	cart?: OrderLine[];
}

interface RefundRecord extends IDataObject {
	refundId: string;
	parentCaptureId?: string;
	status?: string;
	amountIncVat?: number;
	cart?: OrderLine[];
}

function list<T>(value: unknown): T[] {
	return Array.isArray(value) ? (value as T[]) : [];
}

/** Lines are matched by reference and tax rate. [doc][plugin] */
export function lineKey(line: { reference?: unknown; taxRate?: unknown }): string {
	return `${String(line.reference ?? '')}|${Number(line.taxRate ?? 0)}`;
}

export function orderOf(session: IDataObject): IDataObject {
	return asObject(asObject(session.data).order);
}

export function orderStatusOf(session: IDataObject): string | undefined {
	const status = asObject(asObject(session.moduleStatus).payment).orderStatus;
	return typeof status === 'string' ? status : undefined;
}

function regularLines(lines: unknown): CartLine[] {
	return list<OrderLine>(lines).filter((line) => !isSalesTaxLine(line)) as CartLine[];
}

/** Captures that took or may take money: pending and approved ones, not rejected. */
export function liveCaptures(session: IDataObject): CaptureRecord[] {
	return list<CaptureRecord>(asObject(session.data).captures).filter(
		(c) => c.status !== 'rejected',
	);
}

export function liveRefunds(session: IDataObject): RefundRecord[] {
	return list<RefundRecord>(asObject(session.data).refunds).filter((r) => r.status !== 'rejected');
}

function sumQuantities(lines: CartLine[], into = new Map<string, number>()): Map<string, number> {
	for (const line of lines)
		into.set(lineKey(line), (into.get(lineKey(line)) ?? 0) + Number(line.quantity ?? 0));
	return into;
}

/** The order's lines with the quantities not yet captured (zero-quantity lines left out). */
export function uncapturedLines(session: IDataObject): CartLine[] {
	const captured = new Map<string, number>();
	for (const capture of liveCaptures(session)) sumQuantities(regularLines(capture.cart), captured);
	const result: CartLine[] = [];
	for (const line of regularLines(orderOf(session).cart)) {
		const key = lineKey(line);
		const taken = Math.min(captured.get(key) ?? 0, line.quantity);
		captured.set(key, (captured.get(key) ?? 0) - taken);
		if (line.quantity - taken > 0) result.push({ ...line, quantity: line.quantity - taken });
	}
	return result;
}

/** The lines of one capture with the quantities not yet refunded. */
export function unrefundedLines(session: IDataObject, capture: CaptureRecord): CartLine[] {
	const refunded = new Map<string, number>();
	for (const refund of liveRefunds(session)) {
		if (refund.parentCaptureId === capture.captureId)
			sumQuantities(regularLines(refund.cart), refunded);
	}
	const result: CartLine[] = [];
	for (const line of regularLines(capture.cart)) {
		const key = lineKey(line);
		const taken = Math.min(refunded.get(key) ?? 0, line.quantity);
		refunded.set(key, (refunded.get(key) ?? 0) - taken);
		if (line.quantity - taken > 0) result.push({ ...line, quantity: line.quantity - taken });
	}
	return result;
}

/** What a capture still holds: its amount minus its refunds that are not rejected (incl. VAT). */
export function refundableAmount(session: IDataObject, capture: CaptureRecord): number {
	const refunded = liveRefunds(session)
		.filter((refund) => refund.parentCaptureId === capture.captureId)
		.reduce((sum, refund) => sum + Number(refund.amountIncVat ?? 0), 0);
	return Number(capture.amountIncVat ?? 0) - refunded;
}

/** The US sales tax line of the order, if nothing captured it yet. */
export function uncapturedSalesTax(session: IDataObject): OrderLine | undefined {
	const line = list<OrderLine>(orderOf(session).cart).find(isSalesTaxLine);
	if (!line) return undefined;
	const taken = liveCaptures(session).some((capture) =>
		list<OrderLine>(capture.cart).some(isSalesTaxLine),
	);
	return taken ? undefined : line;
}
