import type { IHookFunctions } from 'n8n-workflow';

import { readSettings } from './settings';

/**
 * Briqpay has no webhook registration API (hooks are listed on each session): "registered" means
 * this node's URL is recorded in its workflow static data, and the log says where to put it.
 * n8n runs these for each of the node's webhooks named 'default'; the POST and the GET webhook
 * share one URL, so for the second `checkExists` finds it recorded, and `delete` is idempotent.
 */
export const registration = {
	async checkExists(this: IHookFunctions): Promise<boolean> {
		const data = this.getWorkflowStaticData('node');
		return data.webhookUrl === this.getNodeWebhookUrl('default');
	},
	async create(this: IHookFunctions): Promise<boolean> {
		const data = this.getWorkflowStaticData('node');
		const url = this.getNodeWebhookUrl('default');
		data.webhookUrl = url;
		data.events = [...readSettings(this).events];
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
};
