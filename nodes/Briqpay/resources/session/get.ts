import { SESSION_ID } from '../../fields/ids';
import {
	readFieldsQuery,
	responseOptions,
	sessionOutput,
	simplifyField,
} from '../../fields/response';
import { ENDPOINTS } from '../../shared/constants';
import type { Operation } from '../operation';

export const get: Operation = {
	menu: {
		name: 'Get',
		value: 'get',
		description: 'Read a session with its status, order, captures and refunds',
		action: 'Get a session without moving money',
	},
	id: SESSION_ID,
	fields: [simplifyField(), responseOptions()],

	async execute(itemIndex, sessionId, { client }) {
		const answer = await client.call(
			{
				method: 'GET',
				path: ENDPOINTS.session(sessionId),
				qs: readFieldsQuery(this, itemIndex),
				subject: { kind: 'session', id: sessionId },
			},
			itemIndex,
		);
		return sessionOutput(this, client, itemIndex, answer.body, { sessionId }, 'The session exists');
	},
};
