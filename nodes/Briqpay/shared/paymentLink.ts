import type { IDataObject } from 'n8n-workflow';
import { asObject, isPlainObject } from './guards';
import { orderStatusOf } from './orderState';

/**
 * What a payment link (hosted page) needs so that the customer can actually pay, and the session
 * settings that go with it. Every rule here comes from how Briqpay's WooCommerce plugin builds
 * its hosted payment page [plugin] (docs/briqpay-api.md lists only the endpoint):
 * - it turns the decision step off for every hosted-page session (nothing answers a decision for a
 *   link), via `modules.config.payment.decision.enabled: false`;
 * - a "payment methods only" page (`modules.loadModules: ["payment"]`) shows no address form, so the
 *   billing address, city, postcode, country and email must be prefilled, and a business session
 *   also needs the company name; otherwise the page never unlocks;
 * - a completed session cannot be paid again.
 * [guess] how a session read shows a module that was not loaded: absent from `moduleStatus` or
 * `uiStatus: "hidden"`.
 */

/** [plugin] The modules of a payment-methods-only page. */
const PAYMENT_ONLY_MODULES = ['payment'];

/** [plugin] Billing fields a payment-methods-only page needs prefilled, with the words a person uses. */
const BILLING_NEEDED: Array<[field: string, label: string]> = [
	['streetAddress', 'Street Address'],
	['city', 'City'],
	['zip', 'ZIP Code'],
	['country', 'Country'],
	['email', 'Email'],
];

const filled = (value: unknown) => typeof value === 'string' && value.trim() !== '';

/** The prefilled details a payment-methods-only page lacks, as field names of the node's UI. */
export function missingPrefill(customerType: unknown, data: IDataObject): string[] {
	const billing = asObject(data.billing);
	const missing = BILLING_NEEDED.filter(([field]) => !filled(billing[field])).map(
		([, label]) => `Billing Address → ${label}`,
	);
	if (customerType === 'business' && !filled(asObject(data.company).name)) {
		missing.push('Company → Name');
	}
	return missing;
}

/** The session body parts of a payment-link session: which modules load and the decision switch. */
export function paymentLinkModules(paymentOnly: boolean, decisionStep: boolean): IDataObject {
	const modules: IDataObject = {
		config: { payment: { decision: { enabled: decisionStep } } },
	};
	if (paymentOnly) modules.loadModules = [...PAYMENT_ONLY_MODULES];
	return modules;
}

/**
 * From a session read: whether its page shows payment methods only (no billing module), or
 * undefined when the read does not say.
 */
export function showsPaymentOnly(session: IDataObject): boolean | undefined {
	const modules = session.moduleStatus;
	if (!isPlainObject(modules) || !modules.payment) return undefined;
	const billing = asObject(modules.billing);
	return Object.keys(billing).length === 0 || billing.uiStatus === 'hidden';
}

/** Why a session cannot get a payment link any more, or undefined when it still can. */
export function closedForPayment(session: IDataObject): string | undefined {
	if (orderStatusOf(session) === 'order_cancelled') return 'has a cancelled order';
	if (session.status === 'completed') return 'is already completed (the customer has finished it)';
	return undefined;
}
