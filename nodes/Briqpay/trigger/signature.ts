import { createHmac, timingSafeEqual } from 'crypto';
import type { ICredentialDataDecryptedObject, IDataObject, IWebhookFunctions } from 'n8n-workflow';

import { Answer, couldNotCheck } from './answer';
import type { RawHook } from './request';
import type { TriggerSettings } from './settings';

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
	const value = Array.isArray(header) ? header[0] : header;
	if (typeof value !== 'string' || !value.trim()) return { ok: false, reason: 'Missing signature' };
	const parts = new Map<string, string[]>();
	for (const part of value.trim().split(',')) {
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

/**
 * Stage: with a signing secret (the node's own option, from workflows made before 0.2, overrides
 * the credential's), the hook must carry a valid signature: else 401. Without one, it passes.
 */
export async function checkSignature(
	ctx: IWebhookFunctions,
	settings: TriggerSettings,
	credentials: () => Promise<ICredentialDataDecryptedObject>,
	hook: RawHook,
	receivedAt: Date,
): Promise<RawHook | Answer> {
	let secret: string;
	try {
		secret = settings.signingSecret || String((await credentials()).webhookSigningSecret ?? '');
	} catch (error) {
		return couldNotCheck(ctx, 'event, because its credential could not be read', error);
	}
	if (!secret) return hook;
	const check = verifySignature(
		(ctx.getHeaderData() as IDataObject)['x-briq-signature'],
		hook.raw,
		secret,
		settings.signatureToleranceMs,
		receivedAt.getTime(),
	);
	return check.ok ? hook : new Answer(401, { error: check.reason });
}
