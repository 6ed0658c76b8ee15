import { createHmac, timingSafeEqual } from 'crypto';
import type { IDataObject } from 'n8n-workflow';

import { HOOK_EVENTS, UUID_PATTERN } from '../shared/constants';
import type { HookEvent } from '../shared/constants';

/**
 * Incoming Briqpay hooks: parsing, the optional signature, confirmation against a session read,
 * and the event key. Pure functions; the trigger node wires them to n8n.
 *
 * [ref] Hooks are unauthenticated. Only `sessionId` (and `captureId` / `refundId`) of a hook is
 * trusted, as a pointer; what is emitted comes from reading the session.
 */

export const MAX_HOOK_BODY_BYTES = 64 * 1024;

export interface HookClaim {
	event: HookEvent;
	status: string;
	sessionId: string;
	captureId?: string;
	refundId?: string;
	/** Anything else the hook carried (autoCaptured, isPreExistingCapture, references…), as sent. */
	extra: IDataObject;
}

export class HookRejected extends Error {
	constructor(
		readonly statusCode: number,
		message: string,
	) {
		super(message);
	}
}

function text(value: unknown): string | undefined {
	if (Array.isArray(value)) value = value[0];
	return typeof value === 'string' ? value.trim() : undefined;
}

const EVENT_NAME = /^[a-z][a-z0-9_]{0,63}$/;

const isKnownEvent = (event: string): event is HookEvent =>
	Object.prototype.hasOwnProperty.call(HOOK_EVENTS, event);

/**
 * The event name of a hook whose event this trigger does not know (Briqpay adds events, e.g.
 * `module_ui_status`), if it is a plain event name; undefined for known or malformed events.
 */
export function unknownEventOf(fields: IDataObject): string | undefined {
	const event = text(fields.event);
	return event && EVENT_NAME.test(event) && !isKnownEvent(event) ? event : undefined;
}

/** Reads a hook's fields from a POST body or GET query. Anything malformed is a 400. */
export function parseHook(fields: IDataObject): HookClaim {
	const event = text(fields.event);
	if (!event || !isKnownEvent(event)) {
		throw new HookRejected(400, `Unknown or missing event "${String(event ?? '').slice(0, 40)}"`);
	}
	const status = text(fields.status);
	if (!status || status.length > 64) throw new HookRejected(400, 'Missing status');
	const sessionId = text(fields.sessionId);
	if (!sessionId || !UUID_PATTERN.test(sessionId)) {
		throw new HookRejected(400, 'Missing or malformed sessionId');
	}
	const claim: HookClaim = {
		event,
		status,
		sessionId: sessionId.toLowerCase(),
		extra: {},
	};
	for (const key of ['captureId', 'refundId'] as const) {
		const value = text(fields[key]);
		if (value === undefined || value === '') continue;
		if (!UUID_PATTERN.test(value)) throw new HookRejected(400, `Malformed ${key}`);
		claim[key] = value.toLowerCase();
	}
	if (claim.event === 'capture_status' && !claim.captureId) {
		throw new HookRejected(400, 'A capture_status hook needs a captureId');
	}
	if (claim.event === 'refund_status' && !claim.refundId) {
		throw new HookRejected(400, 'A refund_status hook needs a refundId');
	}
	for (const [key, value] of Object.entries(fields)) {
		if (['event', 'status', 'sessionId', 'captureId', 'refundId'].includes(key)) continue;
		claim.extra[key] = value;
	}
	return claim;
}

/**
 * [plugin][guess] `x-briq-signature: t=<unix ms>,s1=<base64 HMAC-SHA256(secret, "<t>.<raw body>")>`.
 * Constant-time compare; the timestamp must be within `toleranceMs` of now.
 */
export function verifySignature(
	header: unknown,
	rawBody: string,
	secret: string,
	toleranceMs: number,
	now = Date.now(),
): { ok: true } | { ok: false; reason: string } {
	const value = text(header);
	if (!value) return { ok: false, reason: 'Missing signature' };
	const parts = new Map<string, string[]>();
	for (const part of value.split(',')) {
		const at = part.indexOf('=');
		if (at <= 0) continue;
		const key = part.slice(0, at).trim();
		parts.set(key, [...(parts.get(key) ?? []), part.slice(at + 1).trim()]);
	}
	const timestamp = Number(parts.get('t')?.[0]);
	if (!Number.isFinite(timestamp)) return { ok: false, reason: 'Malformed signature' };
	if (Math.abs(now - timestamp) > toleranceMs)
		return { ok: false, reason: 'Signature timestamp outside the allowed window' };
	const expected = createHmac('sha256', secret)
		.update(`${parts.get('t')?.[0]}.${rawBody}`)
		.digest();
	const matches = (parts.get('s1') ?? []).some((candidate) => {
		const given = Buffer.from(candidate, 'base64');
		return given.length === expected.length && timingSafeEqual(given, expected);
	});
	return matches ? { ok: true } : { ok: false, reason: 'Signature does not match' };
}

function object(value: unknown): IDataObject {
	return typeof value === 'object' && value !== null && !Array.isArray(value)
		? (value as IDataObject)
		: {};
}

/** [ref] Capture records say pending/captured/rejected and refund records pending/refunded/rejected; hooks say approved. */
const RECORD_TO_HOOK_STATUS: Record<string, string> = {
	captured: 'approved',
	refunded: 'approved',
	approved: 'approved',
	pending: 'pending',
	rejected: 'rejected',
};

export interface Confirmation {
	/** The state the session is in for this event, or undefined if it has none (e.g. unknown captureId). */
	actualStatus: string | undefined;
	confirmed: boolean;
}

/** Compares a claim with what a fresh session read says. */
export function confirmClaim(claim: HookClaim, session: IDataObject): Confirmation {
	const data = object(session.data);
	let actualStatus: string | undefined;
	switch (claim.event) {
		case 'session_status':
			actualStatus = typeof session.status === 'string' ? session.status : undefined;
			break;
		case 'order_status': {
			const payment = object(object(session.moduleStatus).payment);
			actualStatus = typeof payment.orderStatus === 'string' ? payment.orderStatus : undefined;
			break;
		}
		case 'capture_status':
		case 'refund_status': {
			const [list, idKey, wanted] =
				claim.event === 'capture_status'
					? [data.captures, 'captureId', claim.captureId]
					: [data.refunds, 'refundId', claim.refundId];
			const record = Array.isArray(list)
				? (list as IDataObject[]).find(
						(entry) => String(object(entry)[idKey]).toLowerCase() === wanted,
					)
				: undefined;
			const status = record ? String(record.status ?? '') : undefined;
			actualStatus = status === undefined ? undefined : (RECORD_TO_HOOK_STATUS[status] ?? status);
			break;
		}
	}
	return { actualStatus, confirmed: actualStatus !== undefined && actualStatus === claim.status };
}

/**
 * The stable key of an event, the same for every delivery of it:
 * `<sessionId>:<event>:<status>`, plus `:<captureId>` / `:<refundId>` for capture and refund events.
 */
export function eventKeyOf(claim: HookClaim): string {
	const id =
		claim.event === 'capture_status'
			? claim.captureId
			: claim.event === 'refund_status'
				? claim.refundId
				: undefined;
	return `${claim.sessionId}:${claim.event}:${claim.status}${id ? `:${id}` : ''}`;
}
