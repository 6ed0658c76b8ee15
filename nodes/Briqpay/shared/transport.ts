import { NodeOperationError, sleep } from 'n8n-workflow';
import type {
	ICredentialDataDecryptedObject,
	IDataObject,
	IExecuteFunctions,
	IHookFunctions,
	IHttpRequestMethods,
	IHttpRequestOptions,
	ILoadOptionsFunctions,
	IWebhookFunctions,
} from 'n8n-workflow';

import { BRIQPAY_HOSTS, ENVIRONMENT_LABELS } from './constants';
import type { BriqpayEnvironment } from './constants';
import { briqpayApiError, briqpayNetworkError, markAmbiguous } from './errors';
import type { ErrorContext } from './errors';
import { isHttpUrl, isPlainObject } from './guards';
import type { ItemSlots } from './concurrency';
import { createLimiter } from './limiter';
import type { Limiter } from './limiter';
import { maySendAgain, outcomeUnknown } from './retryPolicy';
import type { Failure } from './retryPolicy';

/**
 * The client every request of the nodes goes through (the credential test is a declarative request
 * that n8n sends itself).
 *
 * - Base URL from the credential's environment, Basic auth applied by n8n from the credential.
 * - Credentials are read once per execution, not once per item.
 * - What may be sent again is decided by retryPolicy.ts: GET and PATCH on 429, 5xx and network
 *   errors, POST and DELETE only on 429 (Briqpay did not act), with bounded backoff (Retry-After
 *   honoured). After any other failure of a POST/DELETE a lost answer may hide a charge, so callers
 *   reconcile by reading state instead (see isAmbiguous()).
 */

type BriqpayContext =
	| IExecuteFunctions
	| IWebhookFunctions
	| IHookFunctions
	| ILoadOptionsFunctions;

export interface BriqpayCall {
	method: IHttpRequestMethods;
	/** Path below the host, starting with /v3. Built only from validated ids. */
	path: string;
	qs?: IDataObject;
	body?: IDataObject;
	/** What the call is about, for "not found" messages. */
	subject?: { kind: string; id: string };
}

export interface BriqpayAnswer {
	statusCode: number;
	/** Parsed JSON body; undefined for 204 and empty answers. */
	body: IDataObject | undefined;
}

interface ClientOptions {
	/** Per-request timeout. */
	timeoutMs?: number;
	/** Extra attempts for GET/PATCH. */
	maxRetries?: number;
	/** First backoff step; doubles each attempt. */
	retryBaseMs?: number;
	/** The longest single wait, also the cap on Retry-After. */
	maxRetryWaitMs?: number;
	/** Extra attempts after 429 answers (any method: Briqpay did not act). */
	maxRateLimitRetries?: number;
	/** Requests of this execution in flight at once, at most. */
	maxInFlight?: number;
	/** The items these requests are for: a 429's wait steps aside, probes stop near the end. */
	items?: ItemSlots;
}

const DEFAULTS: Required<ClientOptions> = {
	timeoutMs: 30_000,
	maxRetries: 3,
	retryBaseMs: 400,
	maxRetryWaitMs: 30_000,
	maxRateLimitRetries: 8,
	maxInFlight: 20,
	items: { aside: async (wait) => await wait(), left: () => Infinity },
};

const NETWORK_CODES = new Set([
	'ECONNREFUSED',
	'ECONNRESET',
	'ECONNABORTED',
	'ETIMEDOUT',
	'ESOCKETTIMEDOUT',
	'EPIPE',
	'ENOTFOUND',
	'EAI_AGAIN',
	'EHOSTUNREACH',
	'ENETUNREACH',
	'ERR_SOCKET_CONNECTION_TIMEOUT',
]);

function resolveBaseUrl(credentials: ICredentialDataDecryptedObject): string {
	const environment = (credentials.environment as BriqpayEnvironment | undefined) ?? 'playground';
	if (environment === 'custom') {
		return String(credentials.baseUrl ?? '')
			.trim()
			.replace(/\/+$/, '');
	}
	return BRIQPAY_HOSTS[environment] ?? BRIQPAY_HOSTS.playground;
}

/** Finds a network error code (ECONNREFUSED…) in whatever n8n-core threw, without keeping the error. */
function networkCode(error: unknown): string | undefined {
	const seen = new Set<unknown>();
	let current: unknown = error;
	while (typeof current === 'object' && current !== null && !seen.has(current)) {
		seen.add(current);
		const record = current as Record<string, unknown>;
		for (const key of ['code', 'errno']) {
			const value = record[key];
			if (typeof value === 'string' && NETWORK_CODES.has(value)) return value;
		}
		const message = typeof record.message === 'string' ? record.message : '';
		if (/timeout of \d+ms exceeded|timed out/i.test(message)) return 'ETIMEDOUT';
		if (/socket hang up/i.test(message)) return 'ECONNRESET';
		current = record.cause ?? (record.context as Record<string, unknown> | undefined)?.cause;
	}
	return undefined;
}

/** Retry-After in ms (seconds or an HTTP date), or undefined. */
function retryAfterMs(headers: Record<string, unknown> | undefined): number | undefined {
	const raw = headers?.['retry-after'];
	if (raw === undefined || raw === null || raw === '') return undefined;
	const text = String(Array.isArray(raw) ? raw[0] : raw).trim();
	if (/^\d+(\.\d+)?$/.test(text)) return Math.round(Number(text) * 1000);
	const date = Date.parse(text);
	return Number.isNaN(date) ? undefined : Math.max(0, date - Date.now());
}

export class BriqpayClient {
	readonly baseUrl: string;

	readonly environment: BriqpayEnvironment;

	readonly environmentLabel: string;

	private readonly options: Required<ClientOptions>;

	/** Requests in flight, learned from Briqpay's 429 answers (see limiter.ts). */
	private readonly limiter: Limiter;

	private constructor(
		private readonly ctx: BriqpayContext,
		private readonly credentials: ICredentialDataDecryptedObject,
		options: ClientOptions,
	) {
		this.baseUrl = resolveBaseUrl(credentials);
		const environment = (credentials.environment as BriqpayEnvironment | undefined) ?? 'playground';
		this.environment = environment;
		this.environmentLabel = ENVIRONMENT_LABELS[environment] ?? environment;
		this.options = { ...DEFAULTS, ...options };
		this.options.maxInFlight = Math.max(1, Math.floor(this.options.maxInFlight));
		this.limiter = createLimiter(this.options.maxInFlight, () => this.options.items.left());
	}

	/** Reads the credential once (unless given) and checks the base URL before any request is made. */
	static async connect(
		ctx: BriqpayContext,
		options: ClientOptions = {},
		credentials?: ICredentialDataDecryptedObject,
	): Promise<BriqpayClient> {
		const client = new BriqpayClient(
			ctx,
			credentials ?? (await ctx.getCredentials<ICredentialDataDecryptedObject>('briqpayApi')),
			options,
		);
		if (!isHttpUrl(client.baseUrl)) {
			throw new NodeOperationError(
				ctx.getNode(),
				'The Briqpay API credential has no valid base URL',
				{
					description:
						'With Environment "Custom URL", set Base URL to something like http://127.0.0.1:4010 (no /v3 at the end).',
				},
			);
		}
		return client;
	}

	/** Sends one call; returns 2xx answers, throws a mapped error otherwise. */
	async call(call: BriqpayCall, itemIndex?: number): Promise<BriqpayAnswer> {
		const node = this.ctx.getNode();
		let failures = 0;
		let rateLimited = 0;

		for (let attempt = 1; ; attempt++) {
			const errorContext: ErrorContext = {
				method: call.method,
				subject: call.subject,
				environment: this.environmentLabel,
				attempts: attempt,
				itemIndex,
			};
			let statusCode: number;
			let body: unknown;
			let headers: Record<string, unknown> | undefined;
			try {
				const response = await this.limiter.run(
					async () => await this.send(call),
					(answer) => (answer.statusCode === 429 ? (retryAfterMs(answer.headers) ?? 0) : undefined),
				);
				statusCode = response.statusCode;
				body = response.body;
				headers = response.headers;
			} catch (error) {
				const code = networkCode(error) ?? 'NETWORK_ERROR';
				if (maySendAgain(call.method, 'network') && ++failures <= this.options.maxRetries) {
					await sleep(this.backoff(failures));
					continue;
				}
				const mapped = briqpayNetworkError(node, code, errorContext);
				throw outcomeUnknown(call.method, 'network') ? markAmbiguous(mapped) : mapped;
			}

			if (statusCode >= 200 && statusCode < 300) {
				return { statusCode, body: isPlainObject(body) ? body : undefined };
			}

			const asked = retryAfterMs(headers);
			const waitAllowed = asked === undefined || asked <= this.options.maxRetryWaitMs;
			const failure: Failure | undefined =
				statusCode === 429 ? 'rateLimited' : statusCode >= 500 ? 'serverError' : undefined;
			const budget =
				failure === 'rateLimited'
					? ++rateLimited <= this.options.maxRateLimitRetries
					: ++failures <= this.options.maxRetries;
			if (failure && maySendAgain(call.method, failure) && waitAllowed && budget) {
				if (failure === 'rateLimited') {
					// Briqpay did not act, and the limiter holds back every request until it may
					// take one again, so other items may start meanwhile. Not after a 5xx: more
					// items would only add load to a server that is failing.
					await this.options.items.aside(
						async () => await sleep(asked ?? this.backoff(rateLimited)),
					);
				} else {
					await sleep(asked ?? this.backoff(failures));
				}
				continue;
			}
			const mapped = briqpayApiError(node, statusCode, parseBody(body), errorContext);
			// A 5xx answer to a POST/DELETE: Briqpay may have acted before failing.
			throw failure && outcomeUnknown(call.method, failure) ? markAmbiguous(mapped) : mapped;
		}
	}

	private async send(call: BriqpayCall) {
		const options: IHttpRequestOptions = {
			method: call.method,
			url: `${this.baseUrl}${call.path}`,
			qs: call.qs,
			body: call.body,
			json: true,
			headers: { Accept: 'application/json' },
			timeout: this.options.timeoutMs,
			returnFullResponse: true,
			ignoreHttpStatusErrors: true,
			// Briqpay's API never redirects. Following one could send the keys, or a charge, to
			// another address; a redirect is reported instead (see briqpayApiError).
			disableFollowRedirect: true,
		};
		const response = (await this.ctx.helpers.httpRequestWithAuthentication.call(
			this.ctx,
			'briqpayApi',
			options,
			{
				credentialsDecrypted: {
					id: 'briqpayApi',
					name: 'Briqpay API',
					type: 'briqpayApi',
					data: this.credentials,
				},
			},
		)) as { statusCode: number; body: unknown; headers: Record<string, unknown> };
		return response;
	}

	private backoff(attempt: number): number {
		const base = this.options.retryBaseMs * 2 ** (attempt - 1);
		const jitter = base * 0.2 * Math.random();
		return Math.min(this.options.maxRetryWaitMs, Math.round(base + jitter));
	}
}

function parseBody(body: unknown): unknown {
	if (typeof body !== 'string') return body;
	try {
		return JSON.parse(body);
	} catch {
		return { message: body.slice(0, 300) };
	}
}
