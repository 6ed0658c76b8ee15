import type { IDataObject } from 'n8n-workflow';

import { SESSION_ID } from '../../fields/ids';
import { ENDPOINTS } from '../../shared/constants';
import { fail } from '../../shared/itemErrors';
import { noContentResult } from '../../shared/output';
import type { Operation } from '../operation';

const rejecting = { decision: ['reject'] };

/** [plugin] POST /v3/session/:id/decision; sent once unless Briqpay answers 429 (it did not act). */
export const decide: Operation = {
	menu: {
		name: 'Decide',
		value: 'decide',
		description: 'Allow or reject a purchase when the decision step is switched on',
		action: 'Allow or reject a purchase so that the payment goes through or stops',
	},
	id: SESSION_ID,
	lock: true,
	fields: [
		{
			displayName: 'Decision',
			name: 'decision',
			type: 'options',
			noDataExpression: true,
			options: [
				{ name: 'Allow', value: 'allow', description: 'Let the customer complete the purchase' },
				{ name: 'Reject', value: 'reject', description: 'Stop the purchase' },
			],
			default: 'allow',
			description: 'Your answer when the decision step of the checkout is switched on',
		},
		{
			displayName: 'Rejection Type',
			name: 'rejectionType',
			type: 'options',
			options: [
				{
					name: 'Notify User',
					value: 'notify_user',
					description: 'Show messages; the customer can change their details and try again',
				},
				{
					name: 'Reject Session With Error',
					value: 'reject_session_with_error',
					description: 'End the session with an error message',
				},
			],
			default: 'notify_user',
			displayOptions: { show: rejecting },
		},
		{
			displayName: 'Messages to the Customer',
			name: 'softErrors',
			type: 'fixedCollection',
			typeOptions: { multipleValues: true },
			placeholder: 'Add Message',
			default: {},
			displayOptions: { show: { ...rejecting, rejectionType: ['notify_user'] } },
			options: [
				{
					displayName: 'Message',
					name: 'message',
					values: [
						{
							displayName: 'Text',
							name: 'text',
							type: 'string',
							default: '',
							placeholder: 'e.g. We cannot deliver to this address',
						},
					],
				},
			],
		},
		{
			displayName: 'Error Message',
			name: 'hardError',
			type: 'string',
			default: '',
			placeholder: 'e.g. We cannot accept this order',
			description: 'Shown to the customer when the session ends',
			displayOptions: { show: { ...rejecting, rejectionType: ['reject_session_with_error'] } },
		},
	],

	async execute(itemIndex, sessionId, { client }) {
		const decision = this.getNodeParameter('decision', itemIndex) as string;
		const body: IDataObject = { decision };
		if (decision === 'reject') {
			const rejectionType = this.getNodeParameter('rejectionType', itemIndex) as string;
			body.rejectionType = rejectionType;
			if (rejectionType === 'notify_user') {
				const messages = (
					this.getNodeParameter('softErrors.message', itemIndex, []) as IDataObject[]
				)
					.map((row) => String(row.text ?? '').trim())
					.filter(Boolean);
				if (messages.length) body.softErrors = messages.map((message) => ({ message }));
			} else {
				const message = String(this.getNodeParameter('hardError', itemIndex, '')).trim();
				if (!message) {
					fail(
						this,
						itemIndex,
						'Error Message is empty',
						'Tell the customer why the session ends, e.g. "We cannot accept this order".',
					);
				}
				body.hardError = { message };
			}
		}
		await client.call(
			{
				method: 'POST',
				path: ENDPOINTS.decision(sessionId),
				body,
				subject: { kind: 'session', id: sessionId },
			},
			itemIndex,
		);
		return noContentResult(
			{ sessionId, decision },
			decision === 'allow' ? 'Purchase allowed.' : 'Purchase rejected.',
		);
	},
};
