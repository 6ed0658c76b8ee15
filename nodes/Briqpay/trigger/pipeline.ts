import type {
	ICredentialDataDecryptedObject,
	IWebhookFunctions,
	IWebhookResponseData,
} from 'n8n-workflow';

import { Answer, DUPLICATE } from './answer';
import { readClaim } from './claim';
import { confirm } from './confirm';
import { Deduplicator } from './dedupe';
import { emit } from './emit';
import { chosenEvent, wantedStatus } from './filter';
import { readRequest } from './request';
import { readSettings } from './settings';
import { checkSignature } from './signature';

/** The credential, read at most once per hook (by the signature check and the session read). */
function credentialReader(ctx: IWebhookFunctions): () => Promise<ICredentialDataDecryptedObject> {
	let read: Promise<ICredentialDataDecryptedObject> | undefined;
	return async () => await (read ??= ctx.getCredentials('briqpayApi'));
}

const STILL_HANDLED = new Answer(503, {
	error: 'An earlier delivery of this event is still being handled; deliver it again later',
});

/**
 * One incoming hook, stage by stage: read → verify the signature → claim → confirm against the
 * session → filter → deduplicate → emit. Each stage returns the value the next one takes, or an
 * Answer that ends the call. Two checks run before the session read, so they cost no API call:
 * the user's events (they need only the claim) and a duplicate of an event already emitted (while
 * this delivery is held, copies of the same claim wait for its outcome).
 */
async function run(ctx: IWebhookFunctions): Promise<IWebhookResponseData | Answer> {
	const settings = readSettings(ctx);
	const credentials = credentialReader(ctx);
	const receivedAt = new Date();

	const hook = readRequest(ctx);
	if (hook instanceof Answer) return hook;
	const signed = await checkSignature(ctx, settings, credentials, hook, receivedAt);
	if (signed instanceof Answer) return signed;
	const claim = readClaim(ctx, signed.fields);
	if (claim instanceof Answer) return claim;
	const chosen = chosenEvent(settings, claim);
	if (chosen instanceof Answer) return chosen;

	const dedupe = Deduplicator.of(ctx, settings.dedupeWindowMs);
	if (!(await dedupe.hold(chosen.key))) return STILL_HANDLED;
	try {
		if (dedupe.has(chosen.key)) {
			dedupe.persistAccepted();
			return DUPLICATE;
		}
		const checked = await confirm(ctx, settings, credentials, chosen);
		if (checked instanceof Answer) return checked;
		const event = wantedStatus(ctx, settings, checked);
		if (event instanceof Answer) return event;
		// A confirmed event's key is the claim's, checked above; an unconfirmed one has its own.
		if (!event.confirmed && dedupe.has(event.key)) return DUPLICATE;
		return await emit(ctx, settings, dedupe, event, receivedAt);
	} finally {
		dedupe.release();
	}
}

/** The trigger's webhook: runs the pipeline and sends its answer. */
export async function handleHook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
	const outcome = await run(this);
	return outcome instanceof Answer ? outcome.send(this) : outcome;
}
