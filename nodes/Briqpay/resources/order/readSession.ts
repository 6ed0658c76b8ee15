import type { IDataObject } from 'n8n-workflow';

import { ENDPOINTS } from '../../shared/constants';
import type { BriqpayClient } from '../../shared/transport';

/** A full session read (GET, retried on transient errors), for pre-flight checks and reconciliation. */
export async function readSession(
	client: BriqpayClient,
	sessionId: string,
	itemIndex: number,
): Promise<IDataObject> {
	const answer = await client.call(
		{
			method: 'GET',
			path: ENDPOINTS.session(sessionId),
			subject: { kind: 'session', id: sessionId },
		},
		itemIndex,
	);
	return answer.body ?? {};
}
