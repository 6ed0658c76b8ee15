import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import {
	hooksField,
	orderFields,
	referencesField,
	responseOptions,
	simplifyField,
} from '../../shared/descriptions';
import {
	assignDefined,
	readFieldsQuery,
	readHooks,
	readId,
	readOrder,
	readReferences,
} from '../../shared/inputs';
import { sessionOutput } from '../../shared/output';
import type { BriqpayClient } from '../../shared/transport';
import { tokenIdField } from './fields';

const show = { resource: ['token'], operation: ['charge'] };

export const description: INodeProperties[] = [
	tokenIdField(show),
	...orderFields(show),
	referencesField(
		show,
		'Your own references for this charge, e.g. reference1 = your invoice number',
	),
	hooksField(show),
	simplifyField(show),
	responseOptions(show),
];

/** [ref] Charge a token: POST /v3/session with intent payment_charge_token. Sent once, never retried. */
export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
	client: BriqpayClient,
): Promise<IDataObject> {
	const tokenId = readId(this, itemIndex, 'tokenId', 'Token ID');
	const order = readOrder(this, itemIndex, { required: true });
	const body: IDataObject = {
		product: { type: 'payment', intent: 'payment_charge_token' },
		data: { order, tokenization: { tokenId } },
	};
	assignDefined(body, 'references', readReferences(this, itemIndex));
	assignDefined(body, 'hooks', readHooks(this, itemIndex));

	const answer = await client.call(
		{ method: 'POST', path: '/v3/session', qs: readFieldsQuery(this, itemIndex), body },
		itemIndex,
	);
	return {
		...sessionOutput(this, itemIndex, answer.body, { tokenId }, 'Token charged'),
		tokenId,
	};
}
