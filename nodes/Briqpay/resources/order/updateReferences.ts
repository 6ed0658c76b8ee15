import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { ENDPOINTS } from '../../shared/constants';
import { referencesField } from '../../shared/descriptions';
import { readId, requireReferences } from '../../shared/inputs';
import { noContentResult } from '../../shared/output';
import type { BriqpayClient } from '../../shared/transport';
import { sessionIdField } from '../session/fields';

const show = { resource: ['order'], operation: ['updateReferences'] };

/** Changes of one session run one at a time. */
export const lockBy = 'sessionId';

export const description: INodeProperties[] = [
	sessionIdField(show),
	referencesField(
		show,
		'References to set on the completed order, e.g. reference1 = your ERP order number',
	),
];

/** [doc][plugin] PATCH /order/update/references on a completed order; 204. */
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
			path: ENDPOINTS.orderReferences(sessionId),
			body: { references },
			subject: { kind: 'session', id: sessionId },
		},
		itemIndex,
	);
	return noContentResult({ sessionId, references }, 'References of the order updated.');
}
