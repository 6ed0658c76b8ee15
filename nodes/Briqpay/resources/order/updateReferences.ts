import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { ENDPOINTS } from '../../shared/constants';
import { referencesField } from '../../shared/descriptions';
import type { BriqpayClient } from '../../shared/transport';
import { patchReferences } from '../common/patchReferences';
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
	return await patchReferences(
		this,
		itemIndex,
		client,
		ENDPOINTS.orderReferences,
		'References of the order updated.',
	);
}
