import { TOKEN_ID } from '../../fields/ids';
import { ENDPOINTS } from '../../shared/constants';
import type { Operation } from '../operation';

export const get: Operation = {
	menu: {
		name: 'Get',
		value: 'get',
		description: 'Read a saved payment method with its state and earlier charges',
		action: 'Get a token without moving money',
	},
	id: TOKEN_ID,
	fields: [],

	async execute(itemIndex, tokenId, { client }) {
		const answer = await client.call(
			{ method: 'GET', path: ENDPOINTS.token(tokenId), subject: { kind: 'token', id: tokenId } },
			itemIndex,
		);
		return answer.body ?? { tokenId };
	},
};
