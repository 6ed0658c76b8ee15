import type { IDataObject } from 'n8n-workflow';

import { ENDPOINTS } from './constants';
import type { BriqpayClient } from './transport';

/**
 * The one session read (GET, retried on transient errors by the client): operations' pre-flight
 * checks and reconciliation, the dropdowns, and the trigger's confirmation. `fields` narrows the
 * answer to those top-level fields (Briqpay's `fields` query parameter).
 */
export async function readSession(
	client: BriqpayClient,
	sessionId: string,
	itemIndex?: number,
	fields?: string,
): Promise<IDataObject> {
	const answer = await client.call(
		{
			method: 'GET',
			path: ENDPOINTS.session(sessionId),
			qs: fields ? { fields } : undefined,
			subject: { kind: 'session', id: sessionId },
		},
		itemIndex,
	);
	return answer.body ?? {};
}
