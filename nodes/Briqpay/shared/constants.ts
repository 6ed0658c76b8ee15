/**
 * Facts about the Briqpay v3 API that the rest of the package relies on.
 * Each one carries the confidence tag of docs/briqpay-api.md:
 * [ref] reference pages, [doc] Briqpay docs, [plugin] official plugins, [guess] our inference.
 * A wrong guess is corrected here, in one place.
 */

/** [doc][plugin] Hosts per environment. Playground and Production have separate keys. */
export const BRIQPAY_HOSTS = {
	playground: 'https://playground-api.briqpay.com',
	production: 'https://api.briqpay.com',
} as const;

/** [plugin] Briqpay's back office, for links to an order (see alert.ts). */
export const BRIQPAY_BACK_OFFICE = 'https://app.briqpay.com';

export type BriqpayEnvironment = 'playground' | 'production' | 'custom';

export const ENVIRONMENT_LABELS: Record<BriqpayEnvironment, string> = {
	playground: 'Playground',
	production: 'Production',
	custom: 'Custom URL',
};

/** [ref] Every session/token id is a UUID. Checked before any request so that nothing else reaches a URL path. */
export const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** [guess] A session that never exists: a cheap request for the credential test. */
export const PROBE_SESSION_ID = '00000000-0000-0000-0000-000000000000';

/** [ref] At most 10 hooks per session. */
export const MAX_HOOKS = 10;

/** [ref] Reference values are strings of at most 512 characters. */
export const MAX_REFERENCE_LENGTH = 512;

/** [ref] Events and the statuses each one can report. */
export const HOOK_EVENTS = {
	session_status: ['completed'],
	order_status: [
		'order_pending',
		'order_rejected',
		'order_cancelled',
		'order_approved_not_captured',
	],
	capture_status: ['pending', 'approved', 'rejected'],
	refund_status: ['pending', 'approved', 'rejected'],
} as const;

export type HookEvent = keyof typeof HOOK_EVENTS;

/** [ref] Cart line product types; `adjustment` only on refunds, `sales_tax` is the US tax line. */
export const PRODUCT_TYPES = [
	'physical',
	'digital',
	'discount',
	'shipping_fee',
	'deposit',
	'surcharge',
	'gift_card',
] as const;

/**
 * Every Briqpay path the node calls, with how sure we are of it. A wrong guess is fixed here;
 * Briqpay's answer to a wrong path reaches the user as a clear error (transport/errors.ts).
 */
export const ENDPOINTS = {
	/** [ref] create session, charge token */
	sessions: () => '/v3/session',
	/** [ref] read, update */
	session: (sessionId: string) => `/v3/session/${sessionId}`,
	/** [plugin] references before completion; answers 204 */
	sessionMetadata: (sessionId: string) => `/v3/session/${sessionId}/metadata`,
	/** [doc][plugin] references of a completed order; answers 204 */
	orderReferences: (sessionId: string) => `/v3/session/${sessionId}/order/update/references`,
	/** [plugin] merchant decision */
	decision: (sessionId: string) => `/v3/session/${sessionId}/decision`,
	/** [doc][plugin] full or partial capture; 201 with captureId */
	capture: (sessionId: string) => `/v3/session/${sessionId}/order/capture`,
	/** [plugin] refund against one capture; answer carries refundId */
	refund: (sessionId: string) => `/v3/session/${sessionId}/order/refund`,
	/** [doc][plugin] release an approved, uncaptured order; 204 */
	cancel: (sessionId: string) => `/v3/session/${sessionId}/order/cancel`,
	/** [ref] read; [doc] deactivate (DELETE) */
	token: (tokenId: string) => `/v3/token/${tokenId}`,
	/** [plugin] pay-by-link page for an existing session */
	hostedPage: () => '/v3/hosted-page',
} as const;

/** [ref] Order statuses that still allow a capture. */
export const CAPTURABLE_ORDER_STATUSES = ['order_approved_not_captured', 'captured_partial'];

/** The reference key under which Token → Charge stores the recharge guard's charge reference. */
export const CHARGE_REFERENCE_KEY = 'chargeReference';

/** The reference key under which every charge carries a one-off id, to find it again after a lost answer. */
export const CHARGE_MARKER_KEY = 'n8nChargeId';
