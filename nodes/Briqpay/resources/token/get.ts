import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { readId } from '../../shared/inputs';
import type { BriqpayClient } from '../../shared/transport';
import { tokenIdField } from './fields';

const show = { resource: ['token'], operation: ['get'] };

export const description: INodeProperties[] = [tokenIdField(show)];

export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
	client: BriqpayClient,
): Promise<IDataObject> {
	const tokenId = readId(this, itemIndex, 'tokenId', 'Token ID');
	const answer = await client.call(
		{ method: 'GET', path: `/v3/token/${tokenId}`, subject: { kind: 'token', id: tokenId } },
		itemIndex,
	);
	return answer.body ?? { tokenId };
}
