import type { ICredentialDataDecryptedObject, IDataObject, IWebhookFunctions } from 'n8n-workflow';

import { matchingRecord } from '../shared/alert';
import type { BriqpayEnvironment } from '../shared/constants';
import { orderStatusOf } from '../shared/orderState';
import { readSession } from '../shared/session';
import { BriqpayClient } from '../shared/transport';
import { Answer, couldNotCheck, httpCodeOf } from './answer';
import type { Claim } from './claim';
import type { TriggerSettings } from './settings';

/** A claim checked against a fresh read of its session. */
export interface Checked {
	claim: Claim;
	session: IDataObject;
	environment: BriqpayEnvironment;
	/** The state the session is in for this event, or undefined if it has none (e.g. unknown captureId). */
	actualStatus: string | undefined;
	confirmed: boolean;
}

/** Fields needed to confirm a claim and build a simplified session and its alert fields. */
const CONFIRM_FIELDS =
	'sessionId,status,product,customerType,country,references,moduleStatus,data,createdAt';

/** Read only for the back-office link (Playground and Production); never emitted when simplified. */
const LINK_FIELDS = `${CONFIRM_FIELDS},clientToken`;

/** [ref] Capture records say pending/captured/rejected and refund records pending/refunded/rejected; hooks say approved. */
const RECORD_TO_HOOK_STATUS: Record<string, string> = {
	captured: 'approved',
	refunded: 'approved',
	approved: 'approved',
	pending: 'pending',
	rejected: 'rejected',
};

/** The state a session read says this claim's event is in (undefined: none, e.g. unknown captureId). */
function actualStatusOf(claim: Claim, session: IDataObject): string | undefined {
	switch (claim.event) {
		case 'session_status':
			return typeof session.status === 'string' ? session.status : undefined;
		case 'order_status':
			return orderStatusOf(session);
		case 'capture_status':
		case 'refund_status': {
			const kind = claim.event === 'capture_status' ? 'capture' : 'refund';
			const id = kind === 'capture' ? claim.captureId : claim.refundId;
			const record = id ? matchingRecord(session, kind, id) : undefined;
			if (!record) return undefined;
			const status = String(record.status ?? '');
			return Object.prototype.hasOwnProperty.call(RECORD_TO_HOOK_STATUS, status)
				? RECORD_TO_HOOK_STATUS[status]
				: status;
		}
	}
}

/**
 * Stage: reads the session the claim points at (one quick retry at most: Briqpay redelivers
 * whatever is answered 5xx) and compares. An unknown session is a 404; a session that cannot be
 * read now is a 503, so Briqpay delivers the event again.
 */
export async function confirm(
	ctx: IWebhookFunctions,
	settings: TriggerSettings,
	credentials: () => Promise<ICredentialDataDecryptedObject>,
	claim: Claim,
): Promise<Checked | Answer> {
	let session: IDataObject;
	let environment: BriqpayEnvironment;
	try {
		const client = await BriqpayClient.connect(
			ctx,
			{ maxRetries: 1, maxRateLimitRetries: 1, timeoutMs: 10_000, retryBaseMs: 200 },
			await credentials(),
		);
		environment = client.environment;
		const fields = environment === 'custom' ? CONFIRM_FIELDS : LINK_FIELDS;
		session = await readSession(
			client,
			claim.sessionId,
			undefined,
			settings.simplify ? fields : undefined,
		);
	} catch (error) {
		const httpCode = httpCodeOf(error);
		if (httpCode === 404 || httpCode === 400) return new Answer(404, { error: 'Unknown session' });
		return couldNotCheck(
			ctx,
			`${claim.event} event, because session ${claim.sessionId} could not be read`,
			error,
		);
	}
	const actualStatus = actualStatusOf(claim, session);
	const confirmed = actualStatus !== undefined && actualStatus === claim.status;
	return { claim, session, environment, actualStatus, confirmed };
}
