import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { ENDPOINTS } from '../../shared/constants';
import { referencesField } from '../../shared/descriptions';
import { readId, requireReferences } from '../../shared/inputs';
import { noContentResult } from '../../shared/output';
import type { BriqpayClient } from '../../shared/transport';
import { sessionIdField } from './fields';

const show = { resource: ['session'], operation: ['setReferences'] };

/** Changes of one session run one at a time. */
export const lockBy = 'sessionId';

export const description: INodeProperties[] = [
	sessionIdField(show),
	referencesField(show, 'References to add to or change on a session that is not completed yet'),
];

/** [plugin] PATCH /v3/session/:id/metadata {references} before completion; 204. */
export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
	client: BriqpayClient,
): Promise<IDataObject> {
	const sessionId = readId(this, itemIndex, 'sessionId', 'Session ID');
	const references = requireReferences(this, itemIndex);
	await client.call(
		{
			method: 'PATCH',
			path: ENDPOINTS.sessionMetadata(sessionId),
			body: { references },
			subject: { kind: 'session', id: sessionId },
		},
		itemIndex,
	);
	return noContentResult({ sessionId, references }, 'References of the session set.');
}
