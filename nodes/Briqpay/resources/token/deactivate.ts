import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { readId } from '../../shared/inputs';
import { noContentResult } from '../../shared/output';
import type { BriqpayClient } from '../../shared/transport';
import { tokenIdField } from './fields';

const show = { resource: ['token'], operation: ['deactivate'] };

/** Changes of one token run one at a time. */
export const lockBy = 'tokenId';

export const description: INodeProperties[] = [
	tokenIdField(show),
	{
		displayName:
			'A deactivated token can never be charged again. The customer has to save a payment method anew.',
		name: 'deactivateNotice',
		type: 'notice',
		default: '',
		displayOptions: { show },
	},
];

export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
	client: BriqpayClient,
): Promise<IDataObject> {
	const tokenId = readId(this, itemIndex, 'tokenId', 'Token ID');
	const answer = await client.call(
		{ method: 'DELETE', path: `/v3/token/${tokenId}`, subject: { kind: 'token', id: tokenId } },
		itemIndex,
	);
	return (
		answer.body ??
		noContentResult(
			{ tokenId, state: 'inactive' },
			'Token deactivated: it can no longer be charged.',
		)
	);
}
