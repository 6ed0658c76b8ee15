import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { fail } from '../shared/itemErrors';
import { noContentResult, shapeSession } from '../shared/output';
import type { BriqpayClient } from '../shared/transport';

/** What an operation returns: Simplify, and the Options collection with Return Fields; their readers. */

const SIMPLIFY = 'simplify';
/** The Options collection; Session → Create and Token → Charge add their own options to it. */
export const OPTIONS = 'options';
const RETURN_FIELDS = 'fields';

export function simplifyField(): INodeProperties {
	return {
		displayName: 'Simplify',
		name: SIMPLIFY,
		type: 'boolean',
		default: false,
		description:
			'Whether to return only the fields people act on (ID, status, order status, amounts, references, customer) instead of the whole session',
	};
}

const returnFieldsOption: INodeProperties = {
	displayName: 'Return Fields',
	name: RETURN_FIELDS,
	type: 'string',
	default: '',
	placeholder: 'e.g. sessionId,status,moduleStatus',
	description:
		"Comma-separated top-level fields Briqpay should return, or 'none' for no data (the node then outputs a short confirmation). Empty returns everything.",
};

/** The "Options" collection of operations that return a session: Return Fields plus any extras. */
export function responseOptions(extra: INodeProperties[] = []): INodeProperties {
	return {
		displayName: 'Options',
		name: OPTIONS,
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [returnFieldsOption, ...extra].sort((a, b) =>
			a.displayName.localeCompare(b.displayName),
		),
	};
}

/** The `fields` query parameter, or nothing. */
export function readFieldsQuery(
	ctx: IExecuteFunctions,
	itemIndex: number,
): IDataObject | undefined {
	const options = ctx.getNodeParameter(OPTIONS, itemIndex, {}) as IDataObject;
	const fields = String(options[RETURN_FIELDS] ?? '')
		.split(',')
		.map((field) => field.trim())
		.filter(Boolean);
	if (fields.length === 0) return undefined;
	if (fields.some((field) => !/^[A-Za-z][A-Za-z0-9_]*$/.test(field))) {
		fail(
			ctx,
			itemIndex,
			`Return Fields "${String(options[RETURN_FIELDS])}" is not a comma-separated list of field names`,
			'Example: sessionId,status,moduleStatus — or none.',
		);
	}
	return { fields: fields.join(',') };
}

/** Whether the user asked for the simplified session. */
export function readSimplify(ctx: IExecuteFunctions, itemIndex: number): boolean {
	return ctx.getNodeParameter(SIMPLIFY, itemIndex, false) as boolean;
}

/** What a session call emits: the session (raw or simplified), or what happened when Briqpay sent no body. */
export function sessionOutput(
	ctx: IExecuteFunctions,
	client: BriqpayClient,
	itemIndex: number,
	body: IDataObject | undefined,
	facts: IDataObject,
	done: string,
): IDataObject {
	if (!body) {
		return noContentResult(
			facts,
			`${done}. Briqpay returned no data because Return Fields is "none".`,
		);
	}
	return shapeSession(body, readSimplify(ctx, itemIndex), client.environment);
}
