import type { IDataObject } from 'n8n-workflow';

/** The one plain-object guard: a JSON object, not null, not an array. */
export function isPlainObject(value: unknown): value is IDataObject {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** `value` when it is a plain object, else an empty one: for reading nested fields of an answer. */
export function asObject(value: unknown): IDataObject {
	return isPlainObject(value) ? value : {};
}

/** What an address the user gives must look like: http(s), a host, no spaces. The one URL check. */
const HTTP_URL = /^https?:\/\/[^/\s]+\S*$/i;

export function isHttpUrl(value: string): boolean {
	return HTTP_URL.test(value);
}
