import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { UUID_PATTERN } from '../shared/constants';
import { fail } from '../shared/itemErrors';
import { isToolRun } from '../shared/tool';

/**
 * The id an operation acts on (a session or a token): its field, and its reader. The router reads
 * and checks it once per item and hands it to the operation (resources/router.ts).
 */
export interface IdBlock {
	/** The parameter name, also the key under which Briqpay returns the id. */
	name: 'sessionId' | 'tokenId';
	label: string;
	field: INodeProperties;
}

const SESSION_ID_NAME = 'sessionId';
const TOKEN_ID_NAME = 'tokenId';

export const SESSION_ID: IdBlock = {
	name: SESSION_ID_NAME,
	label: 'Session ID',
	field: {
		displayName: 'Session ID',
		name: SESSION_ID_NAME,
		type: 'string',
		required: true,
		default: '',
		placeholder: 'e.g. c5674f4f-7e84-405c-a44b-c83736bb7209',
		description:
			'The ID of the Briqpay session, e.g. from the Create operation or the Briqpay Trigger',
	},
};

export const TOKEN_ID: IdBlock = {
	name: TOKEN_ID_NAME,
	label: 'Token ID',
	field: {
		displayName: 'Token ID',
		name: TOKEN_ID_NAME,
		type: 'string',
		typeOptions: { password: true },
		required: true,
		default: '',
		placeholder: 'e.g. 9d3c7f2e-1b4a-4c8e-9f00-2a6b5c4d3e21',
		description:
			'The saved payment method, from data.tokenization.tokenId of a completed tokenize session',
	},
};

/** A Briqpay id: a UUID, nothing else (so no user text ever reaches a URL path). Lower case. */
export function readId(ctx: IExecuteFunctions, itemIndex: number, id: IdBlock): string {
	const { name, label } = id;
	const raw = ctx.getNodeParameter(name, itemIndex, '') as unknown;
	const value = typeof raw === 'string' ? raw.trim() : String(raw ?? '');
	if (!UUID_PATTERN.test(value)) {
		fail(
			ctx,
			itemIndex,
			value === '' ? `${label} is empty` : `${label} "${value.slice(0, 80)}" is not a Briqpay ID`,
			isToolRun(ctx)
				? `Give the ${label} exactly as Briqpay returned it (for example the ${name} field of an earlier answer): a Briqpay ID looks like c5674f4f-7e84-405c-a44b-c83736bb7209. Do not guess or shorten it; nothing was sent to Briqpay.`
				: `A Briqpay ID looks like c5674f4f-7e84-405c-a44b-c83736bb7209: use the ${name} that Briqpay returned (Session → Create, Token → Charge or the Briqpay Trigger). In a workflow, map it from an earlier node, e.g. {{ $json.${name} }}. Nothing was sent to Briqpay.`,
		);
	}
	return value.toLowerCase();
}
