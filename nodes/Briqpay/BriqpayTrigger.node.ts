import { NodeConnectionTypes } from 'n8n-workflow';
import type {
	INodeType,
	INodeTypeDescription,
	IWebhookFunctions,
	IWebhookResponseData,
} from 'n8n-workflow';

import { handleHook } from './trigger/pipeline';
import { registration } from './trigger/registration';
import { triggerProperties } from './trigger/settings';

/** The Briqpay Trigger: its description; each hook runs the pipeline in trigger/pipeline.ts. */
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
		// Both webhooks deliver events (Briqpay sends a hook as a JSON POST or as a GET with query
		// parameters), so both are named 'default', like the methods of n8n's Webhook node. n8n names a
		// webhook 'setup' for a provider's handshake that starts nothing (Strava, Mailchimp, Trello).
		// The name is in no URL and nothing saved: n8n routes by method and path
		// (<webhookId>/webhook), and stores those, never the name.
		webhooks: [
			{
				name: 'default',
				httpMethod: 'POST',
				responseMode: 'onReceived',
				responseData: '',
				path: 'webhook',
			},
			{
				name: 'default',
				httpMethod: 'GET',
				responseMode: 'onReceived',
				responseData: '',
				path: 'webhook',
			},
		],
		properties: triggerProperties,
	};

	webhookMethods = { default: registration };

	async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
		return await handleHook.call(this);
	}
}
