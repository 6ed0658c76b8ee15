import { NodeOperationError } from 'n8n-workflow';
import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { readId } from '../fields/ids';
import { readConcurrency } from '../fields/processing';
import { ItemPool, KeyedLocks } from '../shared/concurrency';
import { asNodeError, errorItem } from '../shared/itemErrors';
import { BriqpayClient } from '../shared/transport';
import { operationsOf } from './index';
import type { RunContext } from './operation';

/**
 * The per-item loop of the action node: finds the operation, builds this execution's context,
 * and runs each item (at most `concurrency` at once, not counting items waiting out a 429; items
 * naming the same locked id one after the other). Every output item has its pairedItem; with
 * Continue On Fail a failed item becomes an error item.
 */
export async function route(ctx: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const items = ctx.getInputData();
	const concurrency = readConcurrency(ctx);
	// Resource and operation cannot take expressions (noDataExpression), so one read serves every item.
	const resource = ctx.getNodeParameter('resource', 0) as string;
	const operationName = ctx.getNodeParameter('operation', 0) as string;
	const operation = operationsOf(resource)?.[operationName];
	if (!operation) {
		throw new NodeOperationError(
			ctx.getNode(),
			`The operation "${operationName}" is not known for resource "${resource}"`,
		);
	}
	const pool = new ItemPool(concurrency);
	const run: RunContext = {
		client: await BriqpayClient.connect(ctx, { maxInFlight: concurrency, items: pool }),
		locks: new KeyedLocks(),
		charged: new Map(),
	};

	const output = await pool.map(items.length, async (itemIndex) => {
		try {
			const id = operation.id ? readId(ctx, itemIndex, operation.id) : '';
			const execute = async () => await operation.execute.call(ctx, itemIndex, id, run);
			const json =
				operation.lock && operation.id
					? await run.locks.run(`${operation.id.name}:${id}`, execute)
					: await execute();
			return { json, pairedItem: { item: itemIndex } } as INodeExecutionData;
		} catch (error) {
			if (ctx.continueOnFail()) return errorItem(error, itemIndex);
			throw asNodeError(ctx.getNode(), error, itemIndex);
		}
	});
	return [output];
}
