import type {
	ICredentialDataDecryptedObject,
	IDataObject,
	IWebhookFunctions,
	IWebhookResponseData,
} from 'n8n-workflow';

import { alertFields, matchingRecord } from '../shared/alert';
import type { BriqpayEnvironment } from '../shared/constants';
import {
	HookRejected,
	MAX_HOOK_BODY_BYTES,
	confirmClaim,
	eventKeyOf,
	parseHook,
	unknownEventOf,
	verifySignature,
} from './hooks';
import type { HookClaim } from './hooks';
import { shapeSession } from '../shared/output';
import { readSession } from '../shared/session';
import { BriqpayClient } from '../shared/transport';
import { Deduplicator } from './dedupe';

/**
 * One incoming hook: parse → (signature) → known event? → dedupe → re-read the session → confirm
 * → filter → emit with its event key. Every answer is short and never echoes the session or
 * workflow data.
 */

/** Fields needed to confirm a claim and build a simplified session and its alert fields. */
const CONFIRM_FIELDS =
	'sessionId,status,product,customerType,country,references,moduleStatus,data,createdAt';

/** Read only for the back-office link (Playground and Production); never emitted when simplified. */
const LINK_FIELDS = `${CONFIRM_FIELDS},clientToken`;

/** Unknown event types already written to the log by this process (at most 100 are remembered). */
const loggedUnknownEvents = new Set<string>();
function rawBodyOf(request: { rawBody?: unknown; body?: unknown }): string | undefined {
	const raw = request.rawBody;
	if (raw === undefined || raw === null) return undefined;
	if (typeof raw === 'string') return raw;
	if (raw instanceof Uint8Array) return Buffer.from(raw).toString('utf8');
	return undefined;
}

const NOT_JSON = Symbol('not JSON');

function parseJson(raw: string): unknown {
	try {
		return JSON.parse(raw);
	} catch {
		return NOT_JSON;
	}
}

function readFields(ctx: IWebhookFunctions): { fields: IDataObject; raw: string } {
	const request = ctx.getRequestObject();
	if (request.method === 'GET') {
		return { fields: ctx.getQueryData() as IDataObject, raw: '' };
	}
	const raw = rawBodyOf(request as unknown as { rawBody?: unknown });
	if (raw === undefined && ctx.getBodyData() === undefined) {
		// From trigger version 2, n8n reads only JSON, text, form and XML bodies.
		throw new HookRejected(415, 'Send the event as JSON (Content-Type: application/json)');
	}
	if (raw !== undefined && Buffer.byteLength(raw) > MAX_HOOK_BODY_BYTES) {
		throw new HookRejected(400, 'Body too large');
	}
	const parsed: unknown = raw === undefined ? ctx.getBodyData() : parseJson(raw);
	if (parsed === NOT_JSON) throw new HookRejected(400, 'Body is not JSON');
	if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
		throw new HookRejected(400, 'Body is not a JSON object');
	}
	return { fields: parsed as IDataObject, raw: raw ?? JSON.stringify(parsed) };
}

function answer(
	ctx: IWebhookFunctions,
	statusCode: number,
	body: IDataObject,
): IWebhookResponseData {
	ctx.getResponseObject().status(statusCode).json(body);
	return { noWebhookResponse: true };
}

function httpCodeOf(error: unknown): number | undefined {
	const code = Number((error as { httpCode?: unknown })?.httpCode);
	return Number.isFinite(code) && code > 0 ? code : undefined;
}

/** The credential, read at most once per hook. */
function credentialReader(ctx: IWebhookFunctions): () => Promise<ICredentialDataDecryptedObject> {
	let read: Promise<ICredentialDataDecryptedObject> | undefined;
	return async () => await (read ??= ctx.getCredentials('briqpayApi'));
}

function logUnknownEvent(ctx: IWebhookFunctions, event: string): void {
	if (loggedUnknownEvents.has(event) || loggedUnknownEvents.size >= 100) return;
	loggedUnknownEvents.add(event);
	ctx.logger.warn(
		`Briqpay Trigger received a "${event}" event, a type it does not handle. It answered 200 so Briqpay does not send it again, and started nothing. (Logged once per event type.)`,
	);
}

/** 503 (Briqpay delivers again), with a log line that says what to fix. */
function couldNotCheck(ctx: IWebhookFunctions, what: string, error: unknown): IWebhookResponseData {
	const reason = (error as Error).message;
	if (httpCodeOf(error) === 403) {
		ctx.logger.error(
			`Briqpay Trigger could not check an incoming ${what}: ${reason}. Fix the Briqpay API credential of the trigger (Playground and Production keys differ); the event was answered 503, so Briqpay delivers it again.`,
		);
	} else {
		ctx.logger.warn(
			`Briqpay Trigger could not check an incoming ${what} (${reason}); answered 503 so Briqpay delivers it again.`,
		);
	}
	return answer(ctx, 503, { error: 'Could not verify the event now; deliver it again later' });
}

export async function handleHook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
	const options = this.getNodeParameter('options', {}) as IDataObject;
	const credentials = credentialReader(this);
	const receivedAt = new Date();

	let fields: IDataObject;
	let raw: string;
	try {
		({ fields, raw } = readFields(this));
	} catch (error) {
		if (error instanceof HookRejected)
			return answer(this, error.statusCode, { error: error.message });
		return answer(this, 400, { error: 'Malformed hook' });
	}

	let secret: string;
	try {
		// The node's own Signing Secret option (workflows made before 0.2) overrides the credential's.
		secret =
			String(options.signingSecret ?? '') ||
			String((await credentials()).webhookSigningSecret ?? '');
	} catch (error) {
		return couldNotCheck(this, 'event, because its credential could not be read', error);
	}
	if (secret) {
		const check = verifySignature(
			(this.getHeaderData() as IDataObject)['x-briq-signature'],
			raw,
			secret,
			Number(options.signatureToleranceSeconds ?? 300) * 1000,
			receivedAt.getTime(),
		);
		if (!check.ok) return answer(this, 401, { error: check.reason });
	}

	const unknownEvent = unknownEventOf(fields);
	if (unknownEvent !== undefined) {
		logUnknownEvent(this, unknownEvent);
		return answer(this, 200, { received: true, ignored: 'unknown event type' });
	}
	let claim: HookClaim;
	try {
		claim = parseHook(fields);
	} catch (error) {
		if (error instanceof HookRejected)
			return answer(this, error.statusCode, { error: error.message });
		return answer(this, 400, { error: 'Malformed hook' });
	}

	const events = this.getNodeParameter('events', []) as string[];
	if (!events.includes(claim.event)) {
		return answer(this, 200, { received: true });
	}

	const windowMs = Math.max(0, Number(options.dedupeWindowMinutes ?? 5)) * 60_000;
	const dedupe = Deduplicator.of(this, windowMs);
	const claimKey = eventKeyOf(claim);
	if (!(await dedupe.hold(claimKey))) {
		return answer(this, 503, {
			error: 'An earlier delivery of this event is still being handled; deliver it again later',
		});
	}
	try {
		if (dedupe.has(claimKey)) {
			dedupe.persistAccepted();
			return answer(this, 200, { received: true, duplicate: true });
		}
		return await checkAndEmit.call(this, claim, claimKey, options, credentials, dedupe, receivedAt);
	} finally {
		dedupe.release();
	}
}

async function checkAndEmit(
	this: IWebhookFunctions,
	claim: HookClaim,
	claimKey: string,
	options: IDataObject,
	credentials: () => Promise<ICredentialDataDecryptedObject>,
	dedupe: Deduplicator,
	receivedAt: Date,
): Promise<IWebhookResponseData> {
	const simplify = options.simplify !== false;
	let session: IDataObject;
	let environment: BriqpayEnvironment;
	try {
		// Answer fast: one quick retry at most; Briqpay redelivers whatever we answer 5xx.
		const client = await BriqpayClient.connect(
			this,
			{ maxRetries: 1, maxRateLimitRetries: 1, timeoutMs: 10_000, retryBaseMs: 200 },
			await credentials(),
		);
		environment = client.environment;
		session = await readSession(
			client,
			claim.sessionId,
			undefined,
			simplify ? (environment === 'custom' ? CONFIRM_FIELDS : LINK_FIELDS) : undefined,
		);
	} catch (error) {
		const httpCode = httpCodeOf(error);
		if (httpCode === 404 || httpCode === 400) {
			return answer(this, 404, { error: 'Unknown session' });
		}
		return couldNotCheck(
			this,
			`${claim.event} event, because session ${claim.sessionId} could not be read`,
			error,
		);
	}

	const { confirmed, actualStatus } = confirmClaim(claim, session);
	if (!confirmed && options.includeUnconfirmed !== true) {
		this.logger.info(
			`Briqpay Trigger dropped a ${claim.event} "${claim.status}" event for session ${claim.sessionId}: the session says "${actualStatus ?? 'nothing'}".`,
		);
		return answer(this, 200, { received: true });
	}

	const filters = this.getNodeParameter('statusFilters', {}) as IDataObject;
	const wanted = (filters[`${claim.event}Statuses`] as string[] | undefined) ?? [];
	const effectiveStatus = confirmed ? claim.status : actualStatus;
	if (wanted.length > 0 && (!effectiveStatus || !wanted.includes(effectiveStatus))) {
		return answer(this, 200, { received: true });
	}

	// An unconfirmed claim gets its own key, so a forged claim never blocks the real event.
	const eventKey = confirmed ? claimKey : `${claimKey}:unconfirmed`;
	if (!confirmed && dedupe.has(eventKey)) {
		return answer(this, 200, { received: true, duplicate: true });
	}
	const item: IDataObject = {
		event: claim.event,
		status: effectiveStatus ?? null,
		confirmed,
		sessionId: claim.sessionId,
	};
	if (claim.captureId) item.captureId = claim.captureId;
	if (claim.refundId) item.refundId = claim.refundId;
	if (!confirmed) item.claimedStatus = claim.status;
	item.eventKey = eventKey;
	// Ready for an alert: reference, amount as text, status in words, payment method, link.
	Object.assign(
		item,
		alertFields(session, environment, { event: claim.event, status: effectiveStatus }),
	);
	if (claim.captureId) item.capture = matchingRecord(session, 'capture', claim.captureId);
	if (claim.refundId) item.refund = matchingRecord(session, 'refund', claim.refundId);
	item.session = shapeSession(session, simplify);
	item.receivedAt = receivedAt.toISOString();
	const workflowData = [this.helpers.returnJsonArray([item])];

	// Last step: n8n answers this call after it has created the execution, so its answer tells
	// the deduplicator whether the execution started.
	await dedupe.accept(eventKey);
	return { workflowData, webhookResponse: { received: true } };
}
