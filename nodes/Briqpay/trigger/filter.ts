import type { IWebhookFunctions } from 'n8n-workflow';

import { Answer, RECEIVED } from './answer';
import type { Claim } from './claim';
import type { Checked } from './confirm';
import type { TriggerSettings } from './settings';

/** A checked claim the user wants emitted. */
export interface WantedEvent extends Checked {
	/** The confirmed status, or the actual one for an unconfirmed event (undefined: the session has none). */
	status: string | undefined;
	/** The claim's key; an unconfirmed claim gets its own, so a forged claim never blocks the real event. */
	key: string;
}

/** Stage: an event the user did not choose is received and dropped, before any API call. */
export function chosenEvent(settings: TriggerSettings, claim: Claim): Claim | Answer {
	return settings.events.includes(claim.event) ? claim : RECEIVED;
}

/**
 * Stage: a claim the session contradicts is dropped (logged) unless the user asked for unconfirmed
 * events; a status the user did not choose is dropped. Both are answered 200.
 */
export function wantedStatus(
	ctx: IWebhookFunctions,
	settings: TriggerSettings,
	checked: Checked,
): WantedEvent | Answer {
	const { claim, confirmed, actualStatus } = checked;
	if (!confirmed && !settings.includeUnconfirmed) {
		ctx.logger.info(
			`Briqpay Trigger dropped a ${claim.event} "${claim.status}" event for session ${claim.sessionId}: the session says "${actualStatus ?? 'nothing'}".`,
		);
		return RECEIVED;
	}
	const status = confirmed ? claim.status : actualStatus;
	const wanted = settings.statuses[claim.event] ?? [];
	if (wanted.length > 0 && (!status || !wanted.includes(status))) return RECEIVED;
	return { ...checked, status, key: confirmed ? claim.key : `${claim.key}:unconfirmed` };
}
