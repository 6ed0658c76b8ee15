import { SESSION_ID } from '../../fields/ids';
import {
	readFieldsQuery,
	responseOptions,
	sessionOutput,
	simplifyField,
} from '../../fields/response';
import { readSession } from '../../shared/session';
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
		const fields = readFieldsQuery(this, itemIndex)?.fields as string | undefined;
		const session = await readSession(client, sessionId, itemIndex, fields);
		// With Return Fields "none" Briqpay answers without a body: readSession gives {}.
		const body = Object.keys(session).length ? session : undefined;
		return sessionOutput(this, client, itemIndex, body, { sessionId }, 'The session exists');
	},
};
