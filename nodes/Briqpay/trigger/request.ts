import type { IDataObject, IWebhookFunctions } from 'n8n-workflow';

import { Answer } from './answer';

/** A hook as it arrived: its fields, and the text its signature covers. */
export interface RawHook {
	fields: IDataObject;
	/** The raw POST body ('' for GET: its signature covers the timestamp and an empty body). */
	raw: string;
}

const MAX_HOOK_BODY_BYTES = 64 * 1024;

const NOT_JSON = Symbol('not JSON');

function rawBodyOf(request: { rawBody?: unknown }): string | undefined {
	const raw = request.rawBody;
	if (raw === undefined || raw === null) return undefined;
	if (typeof raw === 'string') return raw;
	if (raw instanceof Uint8Array) return Buffer.from(raw).toString('utf8');
	return undefined;
}

function parseJson(raw: string): unknown {
	try {
		return JSON.parse(raw);
	} catch {
		return NOT_JSON;
	}
}

function readFields(ctx: IWebhookFunctions): RawHook | Answer {
	const request = ctx.getRequestObject();
	if (request.method === 'GET') {
		return { fields: ctx.getQueryData() as IDataObject, raw: '' };
	}
	const raw = rawBodyOf(request as unknown as { rawBody?: unknown });
	if (raw === undefined && ctx.getBodyData() === undefined) {
		// From trigger version 2, n8n reads only JSON, text, form and XML bodies.
		return new Answer(415, { error: 'Send the event as JSON (Content-Type: application/json)' });
	}
	if (raw !== undefined && Buffer.byteLength(raw) > MAX_HOOK_BODY_BYTES) {
		return new Answer(400, { error: 'Body too large' });
	}
	const parsed: unknown = raw === undefined ? ctx.getBodyData() : parseJson(raw);
	if (parsed === NOT_JSON) return new Answer(400, { error: 'Body is not JSON' });
	if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
		return new Answer(400, { error: 'Body is not a JSON object' });
	}
	return { fields: parsed as IDataObject, raw: raw ?? JSON.stringify(parsed) };
}

/**
 * Stage: reads the hook from the request, a JSON object in the POST body (at most 64 KB) or the
 * GET query. Anything else is a 4xx.
 */
export function readRequest(ctx: IWebhookFunctions): RawHook | Answer {
	try {
		return readFields(ctx);
	} catch {
		return new Answer(400, { error: 'Malformed hook' });
	}
}
