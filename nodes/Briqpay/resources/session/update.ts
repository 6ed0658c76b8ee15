import { NodeOperationError } from 'n8n-workflow';
import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import {
	customerDataFields,
	orderFields,
	responseOptions,
	simplifyField,
} from '../../shared/descriptions';
import {
	assignDefined,
	readCollection,
	readFieldsQuery,
	readId,
	readOrder,
} from '../../shared/inputs';
import { ENDPOINTS } from '../../shared/constants';
import { sessionOutput } from '../../shared/output';
import type { BriqpayClient } from '../../shared/transport';
import { sessionIdField } from './fields';

const show = { resource: ['session'], operation: ['update'] };

/** Changes of one session run one at a time. */
export const lockBy = 'sessionId';

export const description: INodeProperties[] = [
	sessionIdField(show),
	{
		displayName: 'Only sessions that are not completed can be updated. Send only what changes.',
		name: 'updateNotice',
		type: 'notice',
		default: '',
		displayOptions: { show },
	},
	...orderFields(show, { optional: true }),
	...customerDataFields(show),
	simplifyField(show),
	responseOptions(show),
];

export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
	client: BriqpayClient,
): Promise<IDataObject> {
	const sessionId = readId(this, itemIndex, 'sessionId', 'Session ID');
	const data: IDataObject = {};
	assignDefined(data, 'order', readOrder(this, itemIndex, { required: false }));
	for (const part of ['billing', 'shipping', 'company', 'consumer']) {
		assignDefined(data, part, readCollection(this, itemIndex, part));
	}
	if (Object.keys(data).length === 0) {
		throw new NodeOperationError(this.getNode(), 'Nothing to update', {
			itemIndex,
			description: 'Add an order, an address, company or consumer fields to send to Briqpay.',
		});
	}
	const answer = await client.call(
		{
			method: 'PATCH',
			path: ENDPOINTS.session(sessionId),
			qs: readFieldsQuery(this, itemIndex),
			body: { data },
			subject: { kind: 'session', id: sessionId },
		},
		itemIndex,
	);
	return sessionOutput(this, client, itemIndex, answer.body, { sessionId }, 'Session updated');
}
