import { NodeOperationError } from 'n8n-workflow';
import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { ENDPOINTS } from '../../shared/constants';
import { readId } from '../../shared/inputs';
import { noContentResult } from '../../shared/output';
import type { BriqpayClient } from '../../shared/transport';
import { sessionIdField } from './fields';

const show = { resource: ['session'], operation: ['decide'] };
const rejecting = { ...show, decision: ['reject'] };

/** Changes of one session run one at a time. */
export const lockBy = 'sessionId';

export const description: INodeProperties[] = [
	sessionIdField(show),
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
		displayOptions: { show },
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
];

/** [plugin] POST /v3/session/:id/decision; sent once. */
export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
	client: BriqpayClient,
): Promise<IDataObject> {
	const sessionId = readId(this, itemIndex, 'sessionId', 'Session ID');
	const decision = this.getNodeParameter('decision', itemIndex) as string;
	const body: IDataObject = { decision };
	if (decision === 'reject') {
		const rejectionType = this.getNodeParameter('rejectionType', itemIndex) as string;
		body.rejectionType = rejectionType;
		if (rejectionType === 'notify_user') {
			const messages = (this.getNodeParameter('softErrors.message', itemIndex, []) as IDataObject[])
				.map((row) => String(row.text ?? '').trim())
				.filter(Boolean);
			if (messages.length) body.softErrors = messages.map((message) => ({ message }));
		} else {
			const message = String(this.getNodeParameter('hardError', itemIndex, '')).trim();
			if (!message) {
				throw new NodeOperationError(this.getNode(), 'Error Message is empty', {
					itemIndex,
					description:
						'Tell the customer why the session ends, e.g. "We cannot accept this order".',
				});
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
}
