import type { IDataObject, IWebhookFunctions, IWebhookResponseData } from 'n8n-workflow';

import {
	HookRejected,
	MAX_HOOK_BODY_BYTES,
	SeenHooks,
	confirmClaim,
	dedupeKey,
	parseHook,
	verifySignature,
} from '../shared/hooks';
import type { HookClaim } from '../shared/hooks';
import { shapeSession } from '../shared/output';
import { BriqpayClient } from '../shared/transport';

/**
 * One incoming hook: parse → (signature) → re-read the session → confirm → filter → dedupe → emit.
 * Every answer is short and never echoes the session or workflow data.
 */

/** Fields needed to confirm a claim and build a simplified session. */
const CONFIRM_FIELDS =
	'sessionId,status,product,customerType,country,references,moduleStatus,data,createdAt';

/**
 * Claims being checked right now in this n8n process. A redelivery that arrives while the first
 * delivery is still being checked waits for it instead of starting a second execution.
 */
const inFlight = new Map<string, Promise<boolean>>();

/** Recently emitted keys in this process (static data is saved only after the call ends). */
const recent = new Map<string, number>();

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

export async function handleHook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
	const options = this.getNodeParameter('options', {}) as IDataObject;
	const receivedAt = new Date();

	let claim: HookClaim;
	try {
		const { fields, raw } = readFields(this);
		claim = parseHook(fields);
		const secret = String(options.signingSecret ?? '');
		if (secret) {
			const headers = this.getHeaderData() as IDataObject;
			const check = verifySignature(
				headers['x-briq-signature'],
				raw,
				secret,
				Number(options.signatureToleranceSeconds ?? 300) * 1000,
				receivedAt.getTime(),
			);
			if (!check.ok) return answer(this, 401, { error: check.reason });
		}
	} catch (error) {
		if (error instanceof HookRejected)
			return answer(this, error.statusCode, { error: error.message });
		return answer(this, 400, { error: 'Malformed hook' });
	}

	const events = this.getNodeParameter('events', []) as string[];
	if (!events.includes(claim.event)) {
		return answer(this, 200, { received: true });
	}

	const scope = `${this.getWorkflow().id ?? ''}|${this.getNode().id}`;
	const claimKey = `${scope}|${dedupeKey(claim, true)}`;
	const earlier = inFlight.get(claimKey);
	if (earlier && (await earlier)) {
		return answer(this, 200, { received: true, duplicate: true });
	}
	let settle: (emitted: boolean) => void = () => {};
	const mine = new Promise<boolean>((resolve) => (settle = resolve));
	inFlight.set(claimKey, mine);
	let emitted = false;
	try {
		const result = await checkAndEmit.call(this, claim, options, scope, receivedAt);
		emitted = result.emitted;
		return result.response;
	} finally {
		settle(emitted);
		if (inFlight.get(claimKey) === mine) inFlight.delete(claimKey);
	}
}

async function checkAndEmit(
	this: IWebhookFunctions,
	claim: HookClaim,
	options: IDataObject,
	scope: string,
	receivedAt: Date,
): Promise<{ emitted: boolean; response: IWebhookResponseData }> {
	const simplify = options.simplify !== false;
	let session: IDataObject;
	try {
		// Answer fast: one quick retry at most; Briqpay redelivers whatever we answer 5xx.
		const client = await BriqpayClient.connect(this, {
			maxRetries: 1,
			maxRateLimitRetries: 1,
			timeoutMs: 10_000,
			retryBaseMs: 200,
		});
		const read = await client.call({
			method: 'GET',
			path: `/v3/session/${claim.sessionId}`,
			qs: simplify ? { fields: CONFIRM_FIELDS } : undefined,
			subject: { kind: 'session', id: claim.sessionId },
		});
		session = read.body ?? {};
	} catch (error) {
		const httpCode = httpCodeOf(error);
		if (httpCode === 404 || httpCode === 400) {
			return { emitted: false, response: answer(this, 404, { error: 'Unknown session' }) };
		}
		const reason = (error as Error).message;
		if (httpCode === 403) {
			this.logger.error(
				`Briqpay Trigger could not check an incoming ${claim.event} event: ${reason}. Fix the Briqpay API credential of the trigger (Playground and Production keys differ); the event was answered 503, so Briqpay delivers it again.`,
			);
		} else {
			this.logger.warn(
				`Briqpay Trigger could not read session ${claim.sessionId} to check an event (${reason}); answered 503 so Briqpay delivers it again.`,
			);
		}
		return {
			emitted: false,
			response: answer(this, 503, {
				error: 'Could not verify the event now; deliver it again later',
			}),
		};
	}

	const { confirmed, actualStatus } = confirmClaim(claim, session);
	if (!confirmed && options.includeUnconfirmed !== true) {
		this.logger.info(
			`Briqpay Trigger dropped a ${claim.event} "${claim.status}" event for session ${claim.sessionId}: the session says "${actualStatus ?? 'nothing'}".`,
		);
		return { emitted: false, response: answer(this, 200, { received: true }) };
	}

	const filters = this.getNodeParameter('statusFilters', {}) as IDataObject;
	const wanted = (filters[`${claim.event}Statuses`] as string[] | undefined) ?? [];
	const effectiveStatus = confirmed ? claim.status : actualStatus;
	if (wanted.length > 0 && (!effectiveStatus || !wanted.includes(effectiveStatus))) {
		return { emitted: false, response: answer(this, 200, { received: true }) };
	}

	const windowMs = Math.max(0, Number(options.dedupeWindowMinutes ?? 5)) * 60_000;
	const key = dedupeKey(claim, confirmed);
	const now = receivedAt.getTime();
	if (windowMs > 0) {
		const staticData = this.getWorkflowStaticData('node');
		staticData.seen = (staticData.seen as Record<string, number> | undefined) ?? {};
		const seen = new SeenHooks(staticData.seen as Record<string, number>, windowMs);
		seen.prune(now);
		const scopedKey = `${scope}|${key}`;
		const recentAt = recent.get(scopedKey);
		if (seen.has(key, now) || (recentAt !== undefined && now - recentAt <= windowMs)) {
			return { emitted: false, response: answer(this, 200, { received: true, duplicate: true }) };
		}
		seen.add(key, now);
		recent.set(scopedKey, now);
		if (recent.size > 10_000) {
			for (const [entry, at] of recent) if (now - at > windowMs) recent.delete(entry);
		}
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
	item.session = shapeSession(session, simplify);
	item.receivedAt = receivedAt.toISOString();

	return {
		emitted: true,
		response: {
			workflowData: [this.helpers.returnJsonArray([item])],
			webhookResponse: { received: true },
		},
	};
}
