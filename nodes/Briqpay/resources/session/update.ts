import type { IDataObject } from 'n8n-workflow';

import { assignDefined } from '../../fields/collection';
import { customerDataFields, readCustomer } from '../../fields/customer';
import { SESSION_ID } from '../../fields/ids';
import { orderFields, readOrder } from '../../fields/order';
import {
	readFieldsQuery,
	responseOptions,
	sessionOutput,
	simplifyField,
} from '../../fields/response';
import { ENDPOINTS } from '../../shared/constants';
import { fail } from '../../shared/itemErrors';
import type { Operation } from '../operation';

export const update: Operation = {
	menu: {
		name: 'Update',
		value: 'update',
		description: 'Change the order or customer data of a session that is not completed',
		action: 'Update a session and change what the customer will pay',
	},
	id: SESSION_ID,
	lock: true,
	fields: [
		{
			displayName: 'Only sessions that are not completed can be updated. Send only what changes.',
			name: 'updateNotice',
			type: 'notice',
			default: '',
		},
		...orderFields({}, { optional: true }),
		...customerDataFields(),
		simplifyField(),
		responseOptions(),
	],

	async execute(itemIndex, sessionId, { client }) {
		const data: IDataObject = {};
		assignDefined(data, 'order', readOrder(this, itemIndex, { required: false }));
		Object.assign(data, readCustomer(this, itemIndex));
		if (Object.keys(data).length === 0) {
			fail(
				this,
				itemIndex,
				'Nothing to update',
				'Add an order, an address, company or consumer fields to send to Briqpay.',
			);
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
	},
};
