import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { returnFieldsOption, simplifyField } from '../../shared/descriptions';
import { readFieldsQuery, readId } from '../../shared/inputs';
import { noContentResult, shapeSession } from '../../shared/output';
import type { BriqpayClient } from '../../shared/transport';
import { sessionIdField } from './fields';

const show = { resource: ['session'], operation: ['get'] };

export const description: INodeProperties[] = [
	sessionIdField(show),
	simplifyField(show),
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		displayOptions: { show },
		options: [returnFieldsOption()],
	},
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
			path: `/v3/session/${sessionId}`,
			qs: readFieldsQuery(this, itemIndex),
			subject: { kind: 'session', id: sessionId },
		},
		itemIndex,
	);
	if (!answer.body) {
		return noContentResult(
			{ sessionId },
			'The session exists. Briqpay returned no data because Return Fields is "none".',
		);
	}
	return shapeSession(answer.body, this.getNodeParameter('simplify', itemIndex, false) as boolean);
}
