import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

/**
 * A collection of optional strings (an address, Page Options…): empty ones dropped, undefined
 * when nothing is left. [plugin] Briqpay's plugins omit empty objects.
 */
export function readCollection(
	ctx: IExecuteFunctions,
	itemIndex: number,
	parameter: string,
): IDataObject | undefined {
	const raw = ctx.getNodeParameter(parameter, itemIndex, {}) as IDataObject;
	const clean: IDataObject = {};
	for (const [key, value] of Object.entries(raw)) {
		if (value === undefined || value === null || String(value).trim() === '') continue;
		clean[key] = typeof value === 'string' ? value.trim() : value;
	}
	return Object.keys(clean).length ? clean : undefined;
}

/** Sets `target[key]` only when `value` is present. */
export function assignDefined(target: IDataObject, key: string, value: unknown): void {
	if (value !== undefined) target[key] = value as IDataObject;
}
