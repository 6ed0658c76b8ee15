import { SESSION_ID } from '../fields/ids';
import { referencesField, requireReferences } from '../fields/references';
import { noContentResult } from '../shared/output';
import type { Operation } from './operation';

/**
 * An operation that only sets references on a session (before or after completion): sends the
 * References block to `path` (PATCH, answered 204). Changes of one session run one at a time.
 */
export function referencesOperation(spec: {
	menu: Operation['menu'];
	/** What the References field says in this operation. */
	fieldDescription: string;
	path: (sessionId: string) => string;
	/** The output's message. */
	done: string;
}): Operation {
	return {
		menu: spec.menu,
		id: SESSION_ID,
		lock: true,
		fields: [referencesField(spec.fieldDescription)],

		async execute(itemIndex, sessionId, { client }) {
			const references = requireReferences(this, itemIndex);
			await client.call(
				{
					method: 'PATCH',
					path: spec.path(sessionId),
					body: { references },
					subject: { kind: 'session', id: sessionId },
				},
				itemIndex,
			);
			return noContentResult({ sessionId, references }, spec.done);
		},
	};
}
