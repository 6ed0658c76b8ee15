import { NodeApiError } from 'n8n-workflow';
import type { INode, JsonObject } from 'n8n-workflow';

import { authError, keysHint } from './authErrors';
import { isPlainObject } from './guards';
import { isRepeatable } from './retryPolicy';

/**
 * Turns what Briqpay (or the network) said into errors a workflow builder can act on.
 * The original HTTP error is never attached: it holds the request options, Authorization header included.
 */

export interface ErrorContext {
	method: string;
	/** What the call was about, e.g. `session 5f1c…`, used in "not found" messages. */
	subject?: { kind: string; id: string };
	/** "Playground", "Production" or "Custom URL". */
	environment: string;
	/** How many times the request was sent. */
	attempts: number;
	itemIndex?: number;
}

interface BriqpayErrorBody {
	code?: string;
	message?: string;
}

/** [ref][plugin] `{"error":{"code","message"}}`, falling back to top-level `code`/`message`. */
function readBriqpayError(body: unknown): BriqpayErrorBody {
	if (!isPlainObject(body)) return {};
	const nested = isPlainObject(body.error) ? body.error : body;
	const code = typeof nested.code === 'string' ? nested.code : undefined;
	const message = typeof nested.message === 'string' ? nested.message : undefined;
	return { code, message };
}

type Hint = (ctx: ErrorContext, said: BriqpayErrorBody) => { message: string; description: string };

/** One entry per Briqpay error code we can explain better than Briqpay's own words. */
const CODE_HINTS: Record<string, Hint> = {
	INVALID_CREDENTIALS: (ctx) => authError('INVALID_CREDENTIALS', ctx.environment),
	INVALID_API_KEY: (ctx) => authError('INVALID_API_KEY', ctx.environment),
	AUTH_SECRET_EXPIRED: (ctx) => authError('AUTH_SECRET_EXPIRED', ctx.environment),
	UPDATE_NOT_ALLOWED: (_ctx, said) => ({
		message: 'Briqpay does not allow this change any more (UPDATE_NOT_ALLOWED)',
		description: `${said.message ?? 'The session is probably completed.'} A completed session can no longer be updated; use the order operations (capture, refund, update references) instead.`,
	}),
	ORDER_NOT_COMPLETED: (_ctx, said) => ({
		message: 'The order is not completed yet (ORDER_NOT_COMPLETED)',
		description:
			`${said.message ?? ''} Wait until the customer has finished the checkout (the Briqpay Trigger's session_status "completed" event tells you).`.trim(),
	}),
	ORDER_PENDING: (_ctx, said) => ({
		message: 'The order is still pending (ORDER_PENDING)',
		description:
			`${said.message ?? ''} The payment provider has not approved the order yet; wait for the order_status "order_approved_not_captured" event.`.trim(),
	}),
	CART_ITEM_NOT_FOUND: (_ctx, said) => ({
		message: 'A cart line does not match the order (CART_ITEM_NOT_FOUND)',
		description:
			`${said.message ?? ''} Lines must use the same reference and tax rate as the session's order lines.`.trim(),
	}),
	CANCEL_NOT_SUPPORTED: (_ctx, said) => ({
		message: "This payment method can't be cancelled through Briqpay (CANCEL_NOT_SUPPORTED)",
		description:
			`${said.message ?? ''} Cancel the payment in the payment provider's portal, or capture and refund it instead.`.trim(),
	}),
};

function describeSubject(ctx: ErrorContext): string {
	return ctx.subject ? `${ctx.subject.kind} ${ctx.subject.id}` : 'resource';
}

/** Maps one non-2xx Briqpay answer to a NodeApiError with plain words. */
export function briqpayApiError(
	node: INode,
	statusCode: number,
	body: unknown,
	ctx: ErrorContext,
): NodeApiError {
	const said = readBriqpayError(body);
	const hint = said.code ? CODE_HINTS[said.code] : undefined;
	let message: string;
	let description: string;

	if (hint) {
		({ message, description } = hint(ctx, said));
	} else if (statusCode === 404 || said.code === 'NOT_FOUND') {
		message = `Briqpay has no ${describeSubject(ctx)} in the ${ctx.environment} environment`;
		description = `Check the ID: use it exactly as Briqpay returned it (an earlier node's output or an earlier tool answer). IDs from Playground do not exist in Production and the other way round.${said.message ? ` Briqpay said: ${said.message}` : ''}`;
	} else if (statusCode === 403) {
		message = `Briqpay refused access (${said.code ?? 'HTTP 403'})`;
		description = `${said.message ? `Briqpay said: ${said.message}. ` : ''}${keysHint(ctx.environment)}`;
	} else if (statusCode >= 300 && statusCode < 400) {
		message = `The Briqpay address answered with a redirect (HTTP ${statusCode})`;
		description = `Briqpay's API does not redirect, so the credential's address is probably wrong: check Environment (and Base URL for "Custom URL"). The redirect was not followed, so nothing and no key was sent to the other address.`;
	} else if (statusCode === 429) {
		message = 'Briqpay is limiting the number of requests (HTTP 429)';
		description = `The request was sent ${ctx.attempts} time(s). Process fewer items at once or try again in a minute.`;
	} else if (statusCode >= 500) {
		message = `Briqpay had a problem answering (HTTP ${statusCode})`;
		description = isRepeatable(ctx.method)
			? `This is on Briqpay's side. The request was sent ${ctx.attempts} time(s). Try again later.`
			: "This is on Briqpay's side. The request was not repeated automatically, because it may move money: check the session or token before running it again.";
	} else {
		const code = said.code ?? `HTTP ${statusCode}`;
		message = `Briqpay refused the request (${code})${said.message ? `: ${said.message}` : ''}`;
		description =
			'Briqpay checks every field it receives: correct the field named in the message and run the node again.';
	}

	return new NodeApiError(node, (body ?? {}) as JsonObject, {
		message,
		description,
		httpCode: String(statusCode),
		itemIndex: ctx.itemIndex,
	});
}

const NETWORK_WORDS: Record<string, string> = {
	ECONNREFUSED: 'the connection was refused',
	ECONNRESET: 'the connection was dropped',
	ETIMEDOUT: 'the request timed out',
	ESOCKETTIMEDOUT: 'the request timed out',
	ECONNABORTED: 'the request timed out',
	ENOTFOUND: 'the host name was not found',
	EAI_AGAIN: 'the host name could not be looked up',
};

/**
 * Network failures: connection refused, reset, timeout. Only the error code is kept, and kept out
 * of the message: n8n replaces a message that contains such a code with a generic text.
 */
export function briqpayNetworkError(node: INode, code: string, ctx: ErrorContext): NodeApiError {
	const safe = isRepeatable(ctx.method);
	const what = NETWORK_WORDS[code] ?? 'the network failed';
	return new NodeApiError(node, { networkError: code } as JsonObject, {
		message: `Could not get an answer from Briqpay: ${what}`,
		description: safe
			? `The request was sent ${ctx.attempts} time(s) (${code}). Check the environment or base URL in the Briqpay API credential and your network, then try again.`
			: `The request was not sent again after this failure (${code}), because it may move money. Its outcome is unknown: read the session or token to see whether it went through before running it again.`,
		itemIndex: ctx.itemIndex,
	});
}

const ambiguousErrors = new WeakSet<object>();

/** Marks an error after which Briqpay may or may not have acted (a lost answer to a POST). */
export function markAmbiguous<T extends object>(error: T): T {
	ambiguousErrors.add(error);
	return error;
}

/** Whether Briqpay may have done the work although the call failed (network error, timeout, 5xx on a POST). */
export function isAmbiguous(error: unknown): boolean {
	return typeof error === 'object' && error !== null && ambiguousErrors.has(error);
}
