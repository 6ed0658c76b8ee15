import { TOKEN_ID } from '../../fields/ids';
import { ENDPOINTS } from '../../shared/constants';
import { noContentResult } from '../../shared/output';
import type { Operation } from '../operation';

export const deactivate: Operation = {
	menu: {
		name: 'Deactivate',
		value: 'deactivate',
		description: 'Make a saved payment method unusable for future charges',
		action: 'Deactivate a token to stop future charges without moving money',
	},
	id: TOKEN_ID,
	lock: true,
	fields: [
		{
			displayName:
				'A deactivated token can never be charged again. The customer has to save a payment method anew.',
			name: 'deactivateNotice',
			type: 'notice',
			default: '',
		},
	],

	async execute(itemIndex, tokenId, { client }) {
		const answer = await client.call(
			{ method: 'DELETE', path: ENDPOINTS.token(tokenId), subject: { kind: 'token', id: tokenId } },
			itemIndex,
		);
		return (
			answer.body ??
			noContentResult(
				{ tokenId, state: 'inactive' },
				'Token deactivated: it can no longer be charged.',
			)
		);
	},
};
