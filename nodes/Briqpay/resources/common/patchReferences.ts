import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { readId, requireReferences } from '../../shared/inputs';
import { noContentResult } from '../../shared/output';
import type { BriqpayClient } from '../../shared/transport';

/** Sends the References block to a references endpoint of the session (PATCH, answered 204). */
export async function patchReferences(
	ctx: IExecuteFunctions,
	itemIndex: number,
	client: BriqpayClient,
	pathFor: (sessionId: string) => string,
	done: string,
): Promise<IDataObject> {
	const sessionId = readId(ctx, itemIndex, 'sessionId', 'Session ID');
	const references = requireReferences(ctx, itemIndex);
	await client.call(
		{
			method: 'PATCH',
			path: pathFor(sessionId),
			body: { references },
			subject: { kind: 'session', id: sessionId },
		},
		itemIndex,
	);
	return noContentResult({ sessionId, references }, done);
}
