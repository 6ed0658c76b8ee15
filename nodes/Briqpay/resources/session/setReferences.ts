import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { ENDPOINTS } from '../../shared/constants';
import { referencesField } from '../../shared/descriptions';
import type { BriqpayClient } from '../../shared/transport';
import { patchReferences } from '../common/patchReferences';
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
	return await patchReferences(
		this,
		itemIndex,
		client,
		ENDPOINTS.sessionMetadata,
		'References of the session set.',
	);
}
