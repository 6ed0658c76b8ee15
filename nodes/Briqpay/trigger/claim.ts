import type { IDataObject, IWebhookFunctions } from 'n8n-workflow';

import { HOOK_EVENTS, UUID_PATTERN } from '../shared/constants';
import type { HookEvent } from '../shared/constants';
import { Answer } from './answer';

/**
 * What a hook claims happened, and its event key.
 *
 * [ref] Hooks are unauthenticated. Only `sessionId` (and `captureId` / `refundId`) of a hook is
 * trusted, as a pointer; what is emitted comes from reading the session (confirm.ts).
 */

export interface Claim {
	event: HookEvent;
	status: string;
	sessionId: string;
	captureId?: string;
	refundId?: string;
	/**
	 * The stable key of the event, the same for every delivery of it: `<sessionId>:<event>:<status>`,
	 * plus `:<captureId>` / `:<refundId>` for capture and refund events.
	 */
	key: string;
}

/** Unknown event types already written to the log by this process (at most 100 are remembered). */
const loggedUnknownEvents = new Set<string>();

const EVENT_NAME = /^[a-z][a-z0-9_]{0,63}$/;

function text(value: unknown): string | undefined {
	if (Array.isArray(value)) value = value[0];
	return typeof value === 'string' ? value.trim() : undefined;
}

const isKnownEvent = (event: string): event is HookEvent =>
	Object.prototype.hasOwnProperty.call(HOOK_EVENTS, event);

const malformed = (error: string) => new Answer(400, { error });

function keyOf(claim: Omit<Claim, 'key'>): string {
	const id =
		claim.event === 'capture_status'
			? claim.captureId
			: claim.event === 'refund_status'
				? claim.refundId
				: undefined;
	return `${claim.sessionId}:${claim.event}:${claim.status}${id ? `:${id}` : ''}`;
}

/**
 * Stage: the claim in a hook's fields (POST body or GET query). An event type this trigger does
 * not know (Briqpay adds events, e.g. `module_ui_status`) is answered 200 and logged once, so
 * Briqpay does not deliver it again; anything malformed is a 400.
 */
export function readClaim(ctx: IWebhookFunctions, fields: IDataObject): Claim | Answer {
	const event = text(fields.event);
	if (event && EVENT_NAME.test(event) && !isKnownEvent(event)) {
		logUnknownEvent(ctx, event);
		return new Answer(200, { received: true, ignored: 'unknown event type' });
	}
	if (!event || !isKnownEvent(event)) {
		return malformed(`Unknown or missing event "${String(event ?? '').slice(0, 40)}"`);
	}
	const status = text(fields.status);
	if (!status || status.length > 64) return malformed('Missing status');
	const sessionId = text(fields.sessionId);
	if (!sessionId || !UUID_PATTERN.test(sessionId)) {
		return malformed('Missing or malformed sessionId');
	}
	const claim: Omit<Claim, 'key'> = { event, status, sessionId: sessionId.toLowerCase() };
	for (const key of ['captureId', 'refundId'] as const) {
		const value = text(fields[key]);
		if (value === undefined || value === '') continue;
		if (!UUID_PATTERN.test(value)) return malformed(`Malformed ${key}`);
		claim[key] = value.toLowerCase();
	}
	if (claim.event === 'capture_status' && !claim.captureId) {
		return malformed('A capture_status hook needs a captureId');
	}
	if (claim.event === 'refund_status' && !claim.refundId) {
		return malformed('A refund_status hook needs a refundId');
	}
	return { ...claim, key: keyOf(claim) };
}

function logUnknownEvent(ctx: IWebhookFunctions, event: string): void {
	if (loggedUnknownEvents.has(event) || loggedUnknownEvents.size >= 100) return;
	loggedUnknownEvents.add(event);
	ctx.logger.warn(
		`Briqpay Trigger received a "${event}" event, a type it does not handle. It answered 200 so Briqpay does not send it again, and started nothing. (Logged once per event type.)`,
	);
}
