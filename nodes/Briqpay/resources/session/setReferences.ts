import { ENDPOINTS } from '../../shared/constants';
import { referencesOperation } from '../referencesOperation';

/** [plugin] PATCH /session/:id/metadata {references} before completion; 204 (docs/briqpay-api.md). */
export const setReferences = referencesOperation({
	menu: {
		name: 'Set References',
		value: 'setReferences',
		description: 'Add or change your references on a session that is not completed',
		action: 'Set references on a session without moving money',
	},
	fieldDescription: 'References to add to or change on a session that is not completed yet',
	path: ENDPOINTS.sessionMetadata,
	done: 'References of the session set.',
});
