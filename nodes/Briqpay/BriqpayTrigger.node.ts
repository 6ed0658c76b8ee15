import { NodeConnectionTypes } from 'n8n-workflow';
import type {
	IHookFunctions,
	INodeType,
	INodeTypeDescription,
	IWebhookFunctions,
	IWebhookResponseData,
} from 'n8n-workflow';

import { HOOK_EVENTS } from './shared/constants';
import { handleHook } from './trigger/handleHook';

const statusFilter = (event: keyof typeof HOOK_EVENTS, displayName: string) => ({
	displayName,
	name: `${event}Statuses`,
	type: 'multiOptions' as const,
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

export class BriqpayTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Briqpay Trigger',
		name: 'briqpayTrigger',
		icon: { light: 'file:briqpay.svg', dark: 'file:briqpay.dark.svg' },
		group: ['trigger'],
		// Version 2 behaves exactly like 1. n8n treats a version-1 trigger like its old Webhook node
		// and evaluates an expression (`$parameter.options.binaryData`) for every hook; from version 2
		// it does not, so a burst of hooks costs n8n less (README, "Performance").
		version: [1, 2],
		defaultVersion: 2,
		subtitle: '={{ "Events: " + ($parameter["events"] || []).join(", ") }}',
		description:
			'Starts the workflow when Briqpay reports a session, order, capture or refund event, after checking the event against the Briqpay API',
		defaults: { name: 'Briqpay Trigger' },
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'briqpayApi', required: true }],
		webhooks: [
			{
				name: 'default',
				httpMethod: 'POST',
				responseMode: 'onReceived',
				responseData: '',
				path: 'webhook',
			},
			{
				name: 'setup',
				httpMethod: 'GET',
				responseMode: 'onReceived',
				responseData: '',
				path: 'webhook',
			},
		],
		properties: [
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
		],
	};

	webhookMethods = {
		default: {
			/** Briqpay has no webhook registration API: "registered" means this URL is recorded here. */
			async checkExists(this: IHookFunctions): Promise<boolean> {
				const data = this.getWorkflowStaticData('node');
				return data.webhookUrl === this.getNodeWebhookUrl('default');
			},
			async create(this: IHookFunctions): Promise<boolean> {
				const data = this.getWorkflowStaticData('node');
				const url = this.getNodeWebhookUrl('default');
				data.webhookUrl = url;
				data.events = this.getNodeParameter('events', []) as string[];
				data.registeredAt = new Date().toISOString();
				this.logger.info(
					`Briqpay Trigger listens on ${url}. Add it to the hooks of each session (Briqpay node → Webhooks) or in Briqpay's back office.`,
				);
				return true;
			},
			async delete(this: IHookFunctions): Promise<boolean> {
				const data = this.getWorkflowStaticData('node');
				delete data.webhookUrl;
				delete data.events;
				delete data.registeredAt;
				return true;
			},
		},
	};

	async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
		return await handleHook.call(this);
	}
}
