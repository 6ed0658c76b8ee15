import { NodeApiError, NodeOperationError } from 'n8n-workflow';
import type { IExecuteFunctions, INode, INodeExecutionData } from 'n8n-workflow';

/**
 * The error item of a failed input item when "Continue On Fail" is on: what went wrong, how to fix
 * it, and Briqpay's code — never the request (it holds the credential).
 */
export function errorItem(error: unknown, itemIndex: number): INodeExecutionData {
	const record = (typeof error === 'object' && error !== null ? error : {}) as Record<
		string,
		unknown
	>;
	const json: INodeExecutionData['json'] = {
		error: typeof record.message === 'string' ? record.message : String(error),
	};
	if (typeof record.description === 'string' && record.description)
		json.description = record.description;
	if (typeof record.httpCode === 'string' && record.httpCode) json.httpCode = record.httpCode;
	const body = record.errorResponse as Record<string, unknown> | undefined;
	const nested = body?.error as Record<string, unknown> | undefined;
	const code = nested?.code ?? body?.code;
	if (typeof code === 'string') json.code = code;
	return { json, pairedItem: { item: itemIndex } };
}

/** Keeps n8n's own errors as they are (they already say what to do) and wraps anything else. */
export function asNodeError(
	node: INode,
	error: unknown,
	itemIndex: number,
): NodeApiError | NodeOperationError {
	if (error instanceof NodeApiError || error instanceof NodeOperationError) return error;
	return new NodeOperationError(node, error as Error, { itemIndex });
}

/** Refuses an item's input before anything is sent: what is wrong, and how to fix it. */
export function fail(
	ctx: IExecuteFunctions,
	itemIndex: number,
	message: string,
	description?: string,
): never {
	throw new NodeOperationError(ctx.getNode(), message, { itemIndex, description });
}
