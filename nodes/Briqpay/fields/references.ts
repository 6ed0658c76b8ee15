import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { MAX_REFERENCE_LENGTH } from '../shared/constants';
import { fail } from '../shared/itemErrors';

/** The References block: your own name → value pairs stored on a session, and its readers. */

const REFERENCES = 'references';
const REFERENCE_ROW = 'reference';

export function referencesField(description?: string): INodeProperties {
	return {
		displayName: 'References',
		name: REFERENCES,
		type: 'fixedCollection',
		typeOptions: { multipleValues: true },
		placeholder: 'Add Reference',
		default: {},
		description:
			description ??
			'Your own references, stored on the session. "reference1" is the conventional order reference.',
		options: [
			{
				displayName: 'Reference',
				name: REFERENCE_ROW,
				values: [
					{
						displayName: 'Name',
						name: 'key',
						type: 'string',
						default: 'reference1',
						placeholder: 'e.g. reference1',
					},
					{
						displayName: 'Value',
						name: 'value',
						type: 'string',
						default: '',
						placeholder: 'e.g. ORDER-1001',
						description: 'Up to 512 characters',
					},
				],
			},
		],
	};
}

/** Checks a references map: non-empty names, string values of at most 512 characters. */
function checkReferences(
	ctx: IExecuteFunctions,
	itemIndex: number,
	entries: Array<[string, unknown]>,
): Record<string, string> | undefined {
	if (entries.length === 0) return undefined;
	const references: Record<string, string> = {};
	for (const [rawKey, rawValue] of entries) {
		const key = String(rawKey ?? '').trim();
		if (!key)
			fail(
				ctx,
				itemIndex,
				'A reference has no name',
				'Give every reference a name such as reference1 or customerId.',
			);
		const value = rawValue === undefined || rawValue === null ? '' : String(rawValue);
		if (value.length > MAX_REFERENCE_LENGTH) {
			fail(
				ctx,
				itemIndex,
				`Reference "${key}" is ${value.length} characters long; Briqpay allows ${MAX_REFERENCE_LENGTH}`,
			);
		}
		if (key in references) fail(ctx, itemIndex, `Reference "${key}" is given twice`);
		references[key] = value;
	}
	return references;
}

export function readReferences(
	ctx: IExecuteFunctions,
	itemIndex: number,
): Record<string, string> | undefined {
	const rows = ctx.getNodeParameter(
		`${REFERENCES}.${REFERENCE_ROW}`,
		itemIndex,
		[],
	) as IDataObject[];
	return checkReferences(
		ctx,
		itemIndex,
		rows.map((row) => [String(row.key ?? ''), row.value]),
	);
}

/** References for operations that exist only to set them: at least one is needed. */
export function requireReferences(
	ctx: IExecuteFunctions,
	itemIndex: number,
): Record<string, string> {
	const references = readReferences(ctx, itemIndex);
	if (!references) {
		fail(
			ctx,
			itemIndex,
			'Add at least one reference',
			'For example reference1 = your order number.',
		);
	}
	return references;
}
