import type { IDataObject, IHookFunctions, INodeProperties, IWebhookFunctions } from 'n8n-workflow';

import { HOOK_EVENTS } from '../shared/constants';
import type { HookEvent } from '../shared/constants';

/**
 * The trigger's parameters and their one reader: each hook reads them once, at the start, into a
 * `TriggerSettings` the stages share.
 */

export interface TriggerSettings {
	/** The events that start the workflow. */
	events: readonly string[];
	/** Per event, the confirmed statuses that start it; empty or absent: all. */
	statuses: Partial<Record<HookEvent, readonly string[]>>;
	/** 0: deduplication off. */
	dedupeWindowMs: number;
	/** Emit events the session contradicts, marked confirmed: false. */
	includeUnconfirmed: boolean;
	signatureToleranceMs: number;
	/** The node's own Signing Secret option (workflows made before 0.2); '' when unset. */
	signingSecret: string;
	simplify: boolean;
}

const statusFilter = (event: HookEvent, displayName: string): INodeProperties => ({
	displayName,
	name: `${event}Statuses`,
	type: 'multiOptions',
	options: HOOK_EVENTS[event].map((status) => ({
		name: status
			.split('_')
			.map((word) => word[0].toUpperCase() + word.slice(1))
			.join(' '),
		value: status,
	})),
	default: [],
	description: `Only emit ${event} events with these statuses (as confirmed by the API). Empty emits all.`,
});

export const triggerProperties: INodeProperties[] = [
	{
		displayName:
			'Briqpay sends events only to URLs listed on each session. Put this node\'s Production URL into the Webhooks option of the Briqpay node (Session → Create, Token → Charge) or into Briqpay\'s back office, then publish the workflow. The Test URL only works while "Listen for test event" is running.',
		name: 'urlNotice',
		type: 'notice',
		default: '',
	},
	{
		displayName: 'Events',
		name: 'events',
		type: 'multiOptions',
		required: true,
		options: [
			{
				name: 'Capture Status',
				value: 'capture_status',
				description: 'A capture of the order is pending, approved or rejected',
			},
			{
				name: 'Order Status',
				value: 'order_status',
				description: 'The order is pending, approved, rejected or cancelled',
			},
			{
				name: 'Refund Status',
				value: 'refund_status',
				description: 'A refund is pending, approved or rejected',
			},
			{
				name: 'Session Status',
				value: 'session_status',
				description: 'The customer completed the checkout session',
			},
		],
		default: ['session_status', 'order_status', 'capture_status', 'refund_status'],
		description: 'Which Briqpay events start the workflow',
	},
	{
		displayName: 'Status Filters',
		name: 'statusFilters',
		type: 'collection',
		placeholder: 'Add Filter',
		default: {},
		options: [
			statusFilter('capture_status', 'Capture Statuses'),
			statusFilter('order_status', 'Order Statuses'),
			statusFilter('refund_status', 'Refund Statuses'),
		],
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [
			{
				displayName: 'Deduplication Window (Minutes)',
				name: 'dedupeWindowMinutes',
				type: 'number',
				typeOptions: { minValue: 0 },
				default: 5,
				description:
					'Briqpay may deliver the same event more than once. Within this window a repeated event starts no second execution, also after n8n restarts. 0 turns this off.',
			},
			{
				displayName: 'Emit Unconfirmed Events',
				name: 'includeUnconfirmed',
				type: 'boolean',
				default: false,
				description:
					'Whether to also emit events the session contradicts (forged, or stale because the order moved on), marked confirmed: false with the actual state. Off: such events are dropped.',
			},
			{
				displayName: 'Signature Tolerance (Seconds)',
				name: 'signatureToleranceSeconds',
				type: 'number',
				typeOptions: { minValue: 1 },
				default: 300,
				description: 'How old a signed event may be before it is refused',
			},
			{
				displayName: 'Signing Secret',
				name: 'signingSecret',
				type: 'string',
				typeOptions: { password: true },
				default: '',
				description:
					"Better kept in the credential (Webhook Signing Secret), where n8n stores it encrypted: this option is saved in the workflow as plain text. When set, it is used instead of the credential's. Unsigned or wrongly signed events are refused.",
			},
			{
				displayName: 'Simplify Session',
				name: 'simplify',
				type: 'boolean',
				default: true,
				description:
					'Whether to output the session simplified (ID, statuses, amounts, references, customer) instead of the whole object',
			},
		],
	},
];

/** Reads the trigger's parameters: once per hook, and when n8n registers the webhook. */
export function readSettings(ctx: IWebhookFunctions | IHookFunctions): TriggerSettings {
	const options = ctx.getNodeParameter('options', {}) as IDataObject;
	const filters = ctx.getNodeParameter('statusFilters', {}) as IDataObject;
	const statuses: TriggerSettings['statuses'] = {};
	for (const event of Object.keys(HOOK_EVENTS) as HookEvent[]) {
		const wanted = filters[`${event}Statuses`];
		if (Array.isArray(wanted)) statuses[event] = wanted.map(String);
	}
	return {
		events: (ctx.getNodeParameter('events', []) as string[]).map(String),
		statuses,
		dedupeWindowMs: Math.max(0, Number(options.dedupeWindowMinutes ?? 5)) * 60_000,
		includeUnconfirmed: options.includeUnconfirmed === true,
		signatureToleranceMs: Number(options.signatureToleranceSeconds ?? 300) * 1000,
		signingSecret: String(options.signingSecret ?? ''),
		simplify: options.simplify !== false,
	};
}
