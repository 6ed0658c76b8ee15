import { ENDPOINTS } from '../../shared/constants';
import { referencesOperation } from '../referencesOperation';

/** [doc][plugin] PATCH /order/update/references on a completed order; 204 (docs/briqpay-api.md). */
export const updateReferences = referencesOperation({
	menu: {
		name: 'Update References',
		value: 'updateReferences',
		description: 'Change your references on a completed order',
		action: 'Update the references of an order without moving money',
	},
	fieldDescription:
		'References to set on the completed order, e.g. reference1 = your ERP order number',
	path: ENDPOINTS.orderReferences,
	done: 'References of the order updated.',
});
