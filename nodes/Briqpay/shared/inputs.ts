import { NodeOperationError, jsonParse } from 'n8n-workflow';
import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { HOOK_EVENTS, MAX_HOOKS, MAX_REFERENCE_LENGTH, UUID_PATTERN } from './constants';
import type { HookEvent } from './constants';
import { OrderProblem, buildOrder } from './money';
import type { CartRules, Order, OrderInput } from './money';
import { asNodeError } from './itemErrors';
import { isToolRun } from './tool';

/**
 * Reads and checks the user's parameters before anything is sent. Every problem becomes a
 * NodeOperationError that names the field and says how to fix it; no request is made.
 */

function fail(
	ctx: IExecuteFunctions,
	itemIndex: number,
	message: string,
	description?: string,
): never {
	throw new NodeOperationError(ctx.getNode(), message, { itemIndex, description });
}

/** A Briqpay id: a UUID, nothing else (so no user text ever reaches a URL path). */
export function readId(
	ctx: IExecuteFunctions,
	itemIndex: number,
	parameter: string,
	label: string,
): string {
	const raw = ctx.getNodeParameter(parameter, itemIndex, '') as unknown;
	const value = typeof raw === 'string' ? raw.trim() : String(raw ?? '');
	if (!UUID_PATTERN.test(value)) {
		fail(
			ctx,
			itemIndex,
			value === '' ? `${label} is empty` : `${label} "${value.slice(0, 80)}" is not a Briqpay ID`,
			isToolRun(ctx)
				? `Give the ${label} exactly as Briqpay returned it (for example the ${parameter} field of an earlier answer): a Briqpay ID looks like c5674f4f-7e84-405c-a44b-c83736bb7209. Do not guess or shorten it; nothing was sent to Briqpay.`
				: `A Briqpay ID looks like c5674f4f-7e84-405c-a44b-c83736bb7209: use the ${parameter} that Briqpay returned (Session → Create, Token → Charge or the Briqpay Trigger). In a workflow, map it from an earlier node, e.g. {{ $json.${parameter} }}. Nothing was sent to Briqpay.`,
		);
	}
	return value.toLowerCase();
}

function toNumberOrUndefined(value: unknown): unknown {
	return value === 0 || value === '' || value === null ? undefined : value;
}

/** Reads the order block (cart lines in the UI, or an order JSON) into a checked order with totals. */
export function readOrder(
	ctx: IExecuteFunctions,
	itemIndex: number,
	rules: CartRules & { required: boolean },
): Order | undefined {
	const mode = ctx.getNodeParameter('orderInput', itemIndex, 'lines') as string;
	if (mode === 'none') {
		if (rules.required)
			fail(
				ctx,
				itemIndex,
				'This operation needs an order',
				'Set Order Input to Cart Lines or Order JSON.',
			);
		return undefined;
	}
	let input: OrderInput;
	if (mode === 'json') {
		const raw = ctx.getNodeParameter('orderJson', itemIndex, '{}') as unknown;
		let parsed: unknown = raw;
		if (typeof raw === 'string') {
			try {
				parsed = jsonParse(raw);
			} catch {
				fail(
					ctx,
					itemIndex,
					'Order JSON is not valid JSON',
					'Check brackets, quotes and commas, or map an object from an earlier node.',
				);
			}
		}
		if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
			fail(ctx, itemIndex, 'Order JSON must be an object with currency and cart');
		}
		const order = parsed as IDataObject;
		input = {
			currency: order.currency,
			cart: order.cart,
			amountExVat: order.amountExVat,
			amountIncVat: order.amountIncVat,
		};
	} else {
		const cart = (ctx.getNodeParameter('cartLines.line', itemIndex, []) as IDataObject[]).map(
			(line) => ({ ...line }) as IDataObject,
		);
		const options = ctx.getNodeParameter('orderOptions', itemIndex, {}) as IDataObject;
		if (options.salesTaxAmount) {
			cart.push({
				productType: 'sales_tax',
				name: 'Sales tax',
				totalTaxAmount: options.salesTaxAmount,
			});
		}
		input = {
			currency: ctx.getNodeParameter('currency', itemIndex, 'SEK'),
			cart,
			amountExVat: toNumberOrUndefined(options.amountExVat),
			amountIncVat: toNumberOrUndefined(options.amountIncVat),
		};
	}
	try {
		return buildOrder(input, rules);
	} catch (error) {
		if (!(error instanceof OrderProblem)) throw asNodeError(ctx.getNode(), error, itemIndex);
		const friendly =
			mode === 'lines'
				? error.message.replace(/cart\[(\d+)\]/g, (_m, n: string) => `Cart line ${Number(n) + 1}`)
				: `Order JSON: ${error.message}`;
		return fail(
			ctx,
			itemIndex,
			friendly,
			'Amounts are whole numbers in minor units (12500 = 125.00); tax rates and discounts in basis points (2500 = 25 %). Nothing was sent to Briqpay.',
		);
	}
}

/** Hooks from the Webhooks block: at most 10, known events and statuses, http(s) URLs. */
export function readHooks(ctx: IExecuteFunctions, itemIndex: number): IDataObject[] | undefined {
	const rows = ctx.getNodeParameter('hooks.hook', itemIndex, []) as IDataObject[];
	if (rows.length === 0) return undefined;
	if (rows.length > MAX_HOOKS) {
		fail(
			ctx,
			itemIndex,
			`Briqpay accepts at most ${MAX_HOOKS} webhooks per session, got ${rows.length}`,
			'Combine statuses of the same event into one webhook.',
		);
	}
	return rows.map((row, index) => {
		const label = `Webhook ${index + 1}`;
		const url = String(row.url ?? '').trim();
		if (!/^https?:\/\/\S+$/i.test(url)) {
			fail(
				ctx,
				itemIndex,
				`${label}: URL "${url}" is not an http(s) address`,
				"Paste the Briqpay Trigger's Production URL.",
			);
		}
		const eventType = String(row.eventType ?? '') as HookEvent;
		const known = HOOK_EVENTS[eventType] as readonly string[] | undefined;
		if (!known) fail(ctx, itemIndex, `${label}: unknown event "${eventType}"`);
		const chosen = ((row.statuses as string[] | undefined) ?? ['all']).filter(Boolean);
		const statuses = chosen.length === 0 || chosen.includes('all') ? [...known] : chosen;
		const wrong = statuses.filter((status) => !known.includes(status));
		if (wrong.length) {
			fail(
				ctx,
				itemIndex,
				`${label}: ${eventType} has no status ${wrong.join(', ')}`,
				`${eventType} reports: ${known.join(', ')}.`,
			);
		}
		const method = String(row.method ?? 'POST').toUpperCase();
		if (method !== 'GET' && method !== 'POST')
			fail(ctx, itemIndex, `${label}: method must be GET or POST`);
		return { eventType, statuses, method, url };
	});
}

/** Checks a references map: non-empty names, string values of at most 512 characters. */
export function checkReferences(
	ctx: IExecuteFunctions,
	itemIndex: number,
	entries: Array<[string, unknown]>,
): Record<string, string> | undefined {
	if (entries.length === 0) return undefined;
	const references: Record<string, string> = {};
	for (const [rawKey, rawValue] of entries) {
		const key = String(rawKey ?? '').trim();
		if (!key)
			fail(
				ctx,
				itemIndex,
				'A reference has no name',
				'Give every reference a name such as reference1 or customerId.',
			);
		const value = rawValue === undefined || rawValue === null ? '' : String(rawValue);
		if (value.length > MAX_REFERENCE_LENGTH) {
			fail(
				ctx,
				itemIndex,
				`Reference "${key}" is ${value.length} characters long; Briqpay allows ${MAX_REFERENCE_LENGTH}`,
			);
		}
		if (key in references) fail(ctx, itemIndex, `Reference "${key}" is given twice`);
		references[key] = value;
	}
	return references;
}

export function readReferences(
	ctx: IExecuteFunctions,
	itemIndex: number,
): Record<string, string> | undefined {
	const rows = ctx.getNodeParameter('references.reference', itemIndex, []) as IDataObject[];
	return checkReferences(
		ctx,
		itemIndex,
		rows.map((row) => [String(row.key ?? ''), row.value]),
	);
}

/** A collection of optional strings: empty ones dropped, undefined when nothing is left. [plugin] omit empty objects */
export function readCollection(
	ctx: IExecuteFunctions,
	itemIndex: number,
	parameter: string,
): IDataObject | undefined {
	const raw = ctx.getNodeParameter(parameter, itemIndex, {}) as IDataObject;
	const clean: IDataObject = {};
	for (const [key, value] of Object.entries(raw)) {
		if (value === undefined || value === null || String(value).trim() === '') continue;
		clean[key] = typeof value === 'string' ? value.trim() : value;
	}
	return Object.keys(clean).length ? clean : undefined;
}

/** The `fields` query parameter, or nothing. */
export function readFieldsQuery(
	ctx: IExecuteFunctions,
	itemIndex: number,
): IDataObject | undefined {
	const options = ctx.getNodeParameter('options', itemIndex, {}) as IDataObject;
	const fields = String(options.fields ?? '')
		.split(',')
		.map((field) => field.trim())
		.filter(Boolean);
	if (fields.length === 0) return undefined;
	if (fields.some((field) => !/^[A-Za-z][A-Za-z0-9_]*$/.test(field))) {
		fail(
			ctx,
			itemIndex,
			`Return Fields "${String(options.fields)}" is not a comma-separated list of field names`,
			'Example: sessionId,status,moduleStatus — or none.',
		);
	}
	return { fields: fields.join(',') };
}

/** Sets `target[key]` only when `value` is present. */
/**
 * [plugin] `config.realTimeProcessing: true` whenever the session has webhooks, unless the user
 * switched Real-Time Webhooks off (then nothing is sent: Briqpay's default, batched delivery).
 * Briqpay's WooCommerce plugin sends it on every session (DEVELOPER-GUIDE.txt §5); only valid
 * when the session is created.
 */
export function readRealTimeConfig(
	ctx: IExecuteFunctions,
	itemIndex: number,
	hooks: unknown,
): IDataObject | undefined {
	if (!Array.isArray(hooks) || hooks.length === 0) return undefined;
	const on = ctx.getNodeParameter('options.realTimeWebhooks', itemIndex, true) as boolean;
	return on === false ? undefined : { realTimeProcessing: true };
}

export function assignDefined(target: IDataObject, key: string, value: unknown): void {
	if (value !== undefined) target[key] = value as IDataObject;
}

/** References for operations that exist only to set them: at least one is needed. */
export function requireReferences(
	ctx: IExecuteFunctions,
	itemIndex: number,
): Record<string, string> {
	const references = readReferences(ctx, itemIndex);
	if (!references) {
		fail(
			ctx,
			itemIndex,
			'Add at least one reference',
			'For example reference1 = your order number.',
		);
	}
	return references;
}
