import type { IDataObject, IWebhookFunctions, IWebhookResponseData } from 'n8n-workflow';

import { alertFields, matchingRecord } from '../shared/alert';
import { shapeSession } from '../shared/output';
import type { Deduplicator } from './dedupe';
import type { WantedEvent } from './filter';
import type { TriggerSettings } from './settings';

/** The emitted item: the event, its key, alert fields, the matching capture/refund and the session. */
function itemOf(event: WantedEvent, settings: TriggerSettings, receivedAt: Date): IDataObject {
	const { claim, confirmed, session } = event;
	const item: IDataObject = {
		event: claim.event,
		status: event.status ?? null,
		confirmed,
		sessionId: claim.sessionId,
	};
	if (claim.captureId) item.captureId = claim.captureId;
	if (claim.refundId) item.refundId = claim.refundId;
	if (!confirmed) item.claimedStatus = claim.status;
	item.eventKey = event.key;
	// Ready for an alert: reference, amount as text, status in words, payment method, link.
	Object.assign(
		item,
		alertFields(session, event.environment, { event: claim.event, status: event.status }),
	);
	if (claim.captureId) item.capture = matchingRecord(session, 'capture', claim.captureId);
	if (claim.refundId) item.refund = matchingRecord(session, 'refund', claim.refundId);
	item.session = shapeSession(session, settings.simplify);
	item.receivedAt = receivedAt.toISOString();
	return item;
}

/**
 * Stage: starts the execution with one item. The key is recorded last: n8n answers this call
 * after it has created the execution, so its answer tells the deduplicator whether it started.
 */
export async function emit(
	ctx: IWebhookFunctions,
	settings: TriggerSettings,
	dedupe: Deduplicator,
	event: WantedEvent,
	receivedAt: Date,
): Promise<IWebhookResponseData> {
	const workflowData = [ctx.helpers.returnJsonArray([itemOf(event, settings, receivedAt)])];
	await dedupe.accept(event.key);
	return { workflowData, webhookResponse: { received: true } };
}
