import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import type { IdBlock } from '../fields/ids';
import { updateDisplayOptions } from '../fields/display';
import type { KeyedLocks } from '../shared/concurrency';
import type { BriqpayClient } from '../shared/transport';

/** What one execution of the node shares between its items (built by router.ts). */
export interface RunContext {
	client: BriqpayClient;
	/** Items that name the same id run one after the other (see Operation.lock). */
	locks: KeyedLocks;
	/** Token → Charge: what this execution charged, by token and Charge Reference (the token may not list it yet). */
	charged: Map<string, IDataObject>;
}

/** One operation, in its own file: its menu entry, its fields, its lock and what it does for one item. */
export interface Operation {
	/** The Operation dropdown entry. */
	menu: { name: string; value: string; description: string; action: string };
	/** The id the item acts on: its field comes first; the router reads and checks it once per item. */
	id?: IdBlock;
	/**
	 * Whether items of one execution that name the same id run one after the other, whatever the
	 * concurrency: no two charges of one token, no capture racing a refund.
	 */
	lock?: boolean;
	/** The operation's fields, without the resource/operation conditions (added once, below). */
	fields: INodeProperties[];
	/** What the operation does for one item; `id` is the checked id ('' when the operation has none). */
	execute: (
		this: IExecuteFunctions,
		itemIndex: number,
		id: string,
		run: RunContext,
	) => Promise<IDataObject>;
}

export interface Resource {
	/** operation value → operation, for the router. */
	operations: Record<string, Operation>;
	/** The Operation dropdown, then each operation's fields (with their display conditions). */
	properties: INodeProperties[];
}

/** A resource from its list of operations: its Operation dropdown, its fields and its router entries. */
export function defineResource(
	resource: string,
	list: Operation[],
	defaultOperation: string,
): Resource {
	const operations: Record<string, Operation> = {};
	for (const operation of list) operations[operation.menu.value] = operation;
	const dropdown: INodeProperties = {
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: [resource] } },
		options: list
			.map((operation) => ({ ...operation.menu }))
			.sort((a, b) => a.name.localeCompare(b.name)),
		default: defaultOperation,
	};
	const fields = list.flatMap((operation) =>
		updateDisplayOptions({ resource: [resource], operation: [operation.menu.value] }, [
			...(operation.id ? [operation.id.field] : []),
			...operation.fields,
		]),
	);
	return { operations, properties: [dropdown, ...fields] };
}
