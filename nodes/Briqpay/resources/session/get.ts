import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { responseOptions, simplifyField } from '../../shared/descriptions';
import { readFieldsQuery, readId } from '../../shared/inputs';
import { ENDPOINTS } from '../../shared/constants';
import { sessionOutput } from '../../shared/output';
import type { BriqpayClient } from '../../shared/transport';
import { sessionIdField } from './fields';

const show = { resource: ['session'], operation: ['get'] };

export const description: INodeProperties[] = [
	sessionIdField(show),
	simplifyField(show),
	responseOptions(show),
];

export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
	client: BriqpayClient,
): Promise<IDataObject> {
	const sessionId = readId(this, itemIndex, 'sessionId', 'Session ID');
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
}
