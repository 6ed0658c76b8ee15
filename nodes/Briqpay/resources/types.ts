import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import type { BriqpayClient } from '../shared/transport';

/** What one operation's file exports: its parameters and what it does for one item. */
export interface Operation {
	description: INodeProperties[];
	/**
	 * Items of one execution that name the same session or token under this parameter run one after
	 * the other, whatever the concurrency: no two charges of one token, no capture racing a refund.
	 */
	lockBy?: 'sessionId' | 'tokenId';
	execute: (
		this: IExecuteFunctions,
		itemIndex: number,
		client: BriqpayClient,
	) => Promise<IDataObject>;
}
