import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import type { BriqpayClient } from '../shared/transport';

/** What one operation's file exports: its parameters and what it does for one item. */
export interface Operation {
	description: INodeProperties[];
	execute: (
		this: IExecuteFunctions,
		itemIndex: number,
		client: BriqpayClient,
	) => Promise<IDataObject>;
}
