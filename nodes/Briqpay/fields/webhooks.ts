import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { HOOK_EVENTS, MAX_HOOKS } from '../shared/constants';
import type { HookEvent } from '../shared/constants';
import { isHttpUrl } from '../shared/guards';
import { fail } from '../shared/itemErrors';
import { OPTIONS } from './response';

/** The session's Webhooks block and the Real-Time Webhooks option, with their readers. */

const HOOKS = 'hooks';
const HOOK_ROW = 'hook';
const REAL_TIME = 'realTimeWebhooks';

const title = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

/**
 * Every status of HOOK_EVENTS once, named in words; a status that does not start with its event's
 * name says which events report it, e.g. "Approved (Capture/Refund)".
 */
const STATUS_OPTIONS = (() => {
	const events = new Map<string, string[]>();
	for (const [event, statuses] of Object.entries(HOOK_EVENTS) as Array<
		[string, readonly string[]]
	>) {
		for (const status of statuses) events.set(status, [...(events.get(status) ?? []), event]);
	}
	const named = [...events].map(([status, by]) => {
		const words = status.split('_').map(title).join(' ');
		const prefix = by[0].split('_')[0];
		const own = status.startsWith(`${prefix}_`);
		const labels = by.map((event) => title(event.split('_')[0])).join('/');
		return { name: own ? words : `${words} (${labels})`, value: status };
	});
	return [
		{ name: 'All of This Event', value: 'all' },
		...named.sort((a, b) => a.name.localeCompare(b.name)),
	];
})();

export function hooksField(): INodeProperties {
	return {
		displayName: 'Webhooks',
		name: HOOKS,
		type: 'fixedCollection',
		typeOptions: { multipleValues: true },
		placeholder: 'Add Webhook',
		default: {},
		description:
			"Where Briqpay reports this session's events (at most 10). Paste the Briqpay Trigger's Production URL to start a workflow on each event.",
		options: [
			{
				displayName: 'Webhook',
				name: HOOK_ROW,
				values: [
					{
						displayName: 'URL',
						name: 'url',
						type: 'string',
						default: '',
						placeholder: 'e.g. https://n8n.example.com/webhook/…/webhook',
						description:
							'Use the trigger\'s Production URL: the Test URL only works while you click "Listen for test event"',
					},
					{
						displayName: 'Event',
						name: 'eventType',
						type: 'options',
						options: [
							{ name: 'Capture Status', value: 'capture_status' },
							{ name: 'Order Status', value: 'order_status' },
							{ name: 'Refund Status', value: 'refund_status' },
							{ name: 'Session Status', value: 'session_status' },
						],
						default: 'order_status',
					},
					{
						displayName: 'Statuses',
						name: 'statuses',
						type: 'multiOptions',
						options: STATUS_OPTIONS,
						default: ['all'],
						description: 'Which statuses of the chosen event are reported',
					},
					{
						displayName: 'Method',
						name: 'method',
						type: 'options',
						options: [
							{ name: 'POST (JSON Body)', value: 'POST' },
							{ name: 'GET (Query Parameters)', value: 'GET' },
						],
						default: 'POST',
					},
				],
			},
		],
	};
}

/** [plugin] The switch for `config.realTimeProcessing` (read by readRealTimeConfig below). */
export function realTimeWebhooksOption(): INodeProperties {
	return {
		displayName: 'Real-Time Webhooks',
		name: REAL_TIME,
		type: 'boolean',
		default: true,
		description:
			"Whether Briqpay sends each webhook as soon as the event happens instead of in batches (only when Webhooks are set). Events can then arrive out of order; the Briqpay Trigger re-reads the session, so its output always shows the session's latest state.",
	};
}

/** Hooks from the Webhooks block: at most 10, known events and statuses, http(s) URLs. */
export function readHooks(ctx: IExecuteFunctions, itemIndex: number): IDataObject[] | undefined {
	const rows = ctx.getNodeParameter(`${HOOKS}.${HOOK_ROW}`, itemIndex, []) as IDataObject[];
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
		if (!isHttpUrl(url)) {
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

/**
 * [plugin] `config.realTimeProcessing: true` whenever the session has webhooks, unless the user
 * switched Real-Time Webhooks off (then nothing is sent: Briqpay's default, batched delivery).
 * Briqpay's WooCommerce plugin sends it on every session (not in docs/briqpay-api.md); only valid
 * when the session is created.
 */
export function readRealTimeConfig(
	ctx: IExecuteFunctions,
	itemIndex: number,
	hooks: unknown,
): IDataObject | undefined {
	if (!Array.isArray(hooks) || hooks.length === 0) return undefined;
	const on = ctx.getNodeParameter(`${OPTIONS}.${REAL_TIME}`, itemIndex, true) as boolean;
	return on === false ? undefined : { realTimeProcessing: true };
}
