import type { IDisplayOptions, INodeProperties } from 'n8n-workflow';

export function tokenIdField(show: NonNullable<IDisplayOptions['show']>): INodeProperties {
	return {
		displayName: 'Token ID',
		name: 'tokenId',
		type: 'string',
		typeOptions: { password: true },
		required: true,
		default: '',
		placeholder: 'e.g. 9d3c7f2e-1b4a-4c8e-9f00-2a6b5c4d3e21',
		description:
			'The saved payment method, from data.tokenization.tokenId of a completed tokenize session',
		displayOptions: { show },
	};
}
