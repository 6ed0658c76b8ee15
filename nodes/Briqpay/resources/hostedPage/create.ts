import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { ENDPOINTS } from '../../shared/constants';
import { readCollection, readId } from '../../shared/inputs';
import type { BriqpayClient } from '../../shared/transport';
import { sessionIdField } from '../session/fields';

const show = { resource: ['hostedPage'], operation: ['create'] };

export const description: INodeProperties[] = [
	sessionIdField(show),
	{
		displayName: 'Page Options',
		name: 'pageOptions',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		displayOptions: { show },
		options: [
			{
				displayName: 'Logo URL',
				name: 'logoUrl',
				type: 'string',
				default: '',
				placeholder: 'e.g. https://shop.example.com/logo.png',
			},
			{
				displayName: 'Page Title',
				name: 'pageTitle',
				type: 'string',
				default: '',
				placeholder: 'e.g. Pay your order ORDER-1001',
			},
			{
				displayName: 'Show Cart',
				name: 'showCart',
				type: 'boolean',
				default: true,
				description: 'Whether the page lists the order lines',
			},
		],
	},
];

/** [plugin] POST /v3/hosted-page {sessionId, config} → {hostedPageId, sessionId, url}. */
export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
	client: BriqpayClient,
): Promise<IDataObject> {
	const sessionId = readId(this, itemIndex, 'sessionId', 'Session ID');
	const body: IDataObject = { sessionId };
	const config = readCollection(this, itemIndex, 'pageOptions');
	if (config) body.config = config;
	const answer = await client.call(
		{
			method: 'POST',
			path: ENDPOINTS.hostedPage(),
			body,
			subject: { kind: 'session', id: sessionId },
		},
		itemIndex,
	);
	const page = answer.body ?? {};
	return { sessionId, url: page.url, hostedPageId: page.hostedPageId, ...page };
}
