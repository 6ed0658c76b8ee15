'use strict';

/**
 * Request-body rules per endpoint. Confidence tags refer to docs/briqpay-api.md;
 * page numbers to the reference pages (000 read, 001 update, 003 charge token, 004 token).
 */

const v = require('./validate');
const { invalid } = require('./errors');
const { validateOrder } = require('./money');

// [ref] 000/003: product.type / product.intent
const PRODUCT_TYPES = ['payment', 'signup'];
const INTENTS = [
	'payment_one_time',
	'payment_tokenize',
	'payment_tokenize_and_charge',
	'signup',
	'payment_charge_token',
];
const PAYMENT_INTENTS = [
	'payment_one_time',
	'payment_tokenize',
	'payment_tokenize_and_charge',
	'payment_charge_token',
];
const TOKENIZE_INTENTS = ['payment_tokenize', 'payment_tokenize_and_charge'];
const CUSTOMER_TYPES = ['business', 'consumer'];

// [ref] hook event types and the statuses each one accepts (000, 003)
const HOOK_STATUSES = {
	session_status: ['completed'],
	order_status: [
		'order_pending',
		'order_rejected',
		'order_cancelled',
		'order_approved_not_captured',
	],
	capture_status: ['pending', 'approved', 'rejected'],
	refund_status: ['pending', 'approved', 'rejected'],
};
const MAX_HOOKS = 10; // [ref] 003 "hooks ... <= 10"

// [ref] 001: address fields, each <= 100 characters (phoneNumber/companyName/cin/country: no limit given).
const ADDRESS_LIMITED = [
	'streetAddress',
	'streetAddress2',
	'zip',
	'city',
	'region',
	'firstName',
	'lastName',
	'email',
];
const ADDRESS_KEYS = [...ADDRESS_LIMITED, 'phoneNumber', 'companyName', 'cin', 'country'];

const COUNTRY_RE = /^[A-Z]{2}$/; // [ref] ISO 3166-1 alpha-2
const LOCALE_RE = /^[a-z]{2}-[a-z]{2}$/; // [ref] "sv-se" / "en-gb" format

function validateReferences(refs, path = 'references', { required = false } = {}) {
	if (!v.object(refs, path, { required })) return;
	// [ref] references: string values <= 512 characters
	for (const [k, val] of Object.entries(refs)) v.string(val, `${path}.${k}`, { max: 512 });
}

function validateHooks(hooks, strict) {
	if (!v.array(hooks, 'hooks', { required: false, max: MAX_HOOKS })) return;
	hooks.forEach((hook, i) => {
		const p = `hooks[${i}]`;
		v.object(hook, p);
		v.noUnknownKeys(hook, ['eventType', 'statuses', 'method', 'url'], p, strict);
		v.oneOf(hook.eventType, `${p}.eventType`, Object.keys(HOOK_STATUSES));
		v.array(hook.statuses, `${p}.statuses`, { min: 1 });
		hook.statuses.forEach((s, j) =>
			v.oneOf(s, `${p}.statuses[${j}]`, HOOK_STATUSES[hook.eventType]),
		);
		v.oneOf(hook.method, `${p}.method`, ['GET', 'POST']);
		v.httpUrl(hook.url, `${p}.url`);
	});
}

function validateAddress(addr, path, strict) {
	if (!v.object(addr, path, { required: false })) return;
	v.noUnknownKeys(addr, ADDRESS_KEYS, path, strict);
	// [plugin] the official plugins omit empty address objects; refusing `{}` makes a node that sends one fail. [guess]
	if (strict && Object.keys(addr).length === 0)
		throw invalid(`${path} must not be an empty object (omit it instead)`);
	for (const k of ADDRESS_LIMITED) v.string(addr[k], `${path}.${k}`, { required: false, max: 100 });
	for (const k of ['phoneNumber', 'companyName', 'cin'])
		v.string(addr[k], `${path}.${k}`, { required: false });
	v.string(addr.country, `${path}.country`, {
		required: false,
		pattern: COUNTRY_RE,
		patternText: 'an ISO 3166-1 alpha-2 code like SE',
	});
}

function validateCompany(company, path, strict) {
	if (!v.object(company, path, { required: false })) return;
	v.noUnknownKeys(company, ['cin', 'name', 'vatNumber'], path, strict);
	if (company.cin !== null) v.string(company.cin, `${path}.cin`, { required: false });
	if (company.name !== null) v.string(company.name, `${path}.name`, { required: false });
}

function validateConsumer(consumer, path, strict) {
	if (!v.object(consumer, path, { required: false })) return;
	v.noUnknownKeys(consumer, ['identificationNumber', 'dateOfBirth', 'name'], path, strict);
	v.string(consumer.identificationNumber, `${path}.identificationNumber`, { required: false });
	v.string(consumer.dateOfBirth, `${path}.dateOfBirth`, {
		required: false,
		pattern: /^\d{4}-\d{2}-\d{2}$/,
		patternText: 'YYYY-MM-DD',
	});
	v.string(consumer.name, `${path}.name`, { required: false });
}

/** [ref] 001: company only for business sessions, consumer only for consumer sessions. */
function checkCustomerData(data, customerType) {
	if (!data) return;
	if (data.company !== undefined && customerType === 'consumer') {
		throw invalid('data.company can only be provided for customerType "business"');
	}
	if (data.consumer !== undefined && customerType === 'business') {
		throw invalid('data.consumer can only be provided for customerType "consumer"');
	}
}

/** [ref] 000/001 module names (moduleStatus keys). */
const MODULES = ['company_lookup', 'billing', 'shipping', 'payment'];

/**
 * `modules` [ref] 001 lists it ("Configure the module system", with module config inside). What the
 * fake checks comes from Briqpay's WooCommerce plugin [plugin]: `loadModules` (module names) and
 * `config.payment.decision.enabled` (boolean). Other module settings (upsell, order_note…) pass.
 */
function validateModules(modules, strict) {
	if (!v.object(modules, 'modules', { required: false })) return;
	if (v.array(modules.loadModules, 'modules.loadModules', { required: false, min: 1 })) {
		modules.loadModules.forEach((name, i) =>
			v.oneOf(name, `modules.loadModules[${i}]`, [...MODULES, 'order_note', 'upsell']),
		);
	}
	if (!v.object(modules.config, 'modules.config', { required: false })) return;
	if (!v.object(modules.config.payment, 'modules.config.payment', { required: false })) return;
	if (
		v.object(modules.config.payment.decision, 'modules.config.payment.decision', {
			required: false,
		})
	) {
		v.noUnknownKeys(
			modules.config.payment.decision,
			['enabled'],
			'modules.config.payment.decision',
			strict,
		);
		v.boolean(modules.config.payment.decision.enabled, 'modules.config.payment.decision.enabled');
	}
}

/**
 * Top-level session `config` on create session / charge token: the digest lists it [ref][doc]
 * without its keys; `realTimeProcessing` (boolean: hooks sent as events happen, not batched) is what
 * Briqpay's WooCommerce plugin sends on every session it creates [plugin] (DEVELOPER-GUIDE.txt §5).
 * Any other key is refused in strict mode [guess].
 */
function validateSessionConfig(config, strict) {
	if (!v.object(config, 'config', { required: false })) return;
	v.noUnknownKeys(config, ['realTimeProcessing'], 'config', strict);
	v.boolean(config.realTimeProcessing, 'config.realTimeProcessing', { required: false });
}

/**
 * POST /v3/session — both create session and charge token (intent payment_charge_token, 003).
 * Returns { intent, isCharge }.
 */
function validateCreateSession(body, { strict }) {
	v.noUnknownKeys(
		body,
		[
			'product',
			'customerType',
			'country',
			'locale',
			'urls',
			'references',
			'hooks',
			'data',
			'modules',
			'config',
		],
		'',
		strict,
	);

	v.object(body.product, 'product');
	v.noUnknownKeys(body.product, ['type', 'intent', 'variantId', 'id'], 'product', strict);
	v.oneOf(body.product.type, 'product.type', PRODUCT_TYPES);
	v.oneOf(body.product.intent, 'product.intent', INTENTS);
	v.string(body.product.variantId, 'product.variantId', { required: false });
	v.string(body.product.id, 'product.id', { required: false });
	const { type, intent } = body.product;
	if (intent === 'signup' && type !== 'signup')
		throw invalid('product.intent "signup" requires product.type "signup"');
	if (type === 'signup' && intent !== 'signup')
		throw invalid(`product.type "signup" requires product.intent "signup" (got "${intent}")`);
	const isCharge = intent === 'payment_charge_token';

	if (!isCharge) {
		v.oneOf(body.customerType, 'customerType', CUSTOMER_TYPES);
		v.string(body.country, 'country', {
			pattern: COUNTRY_RE,
			patternText: 'an ISO 3166-1 alpha-2 code like SE',
		});
		v.string(body.locale, 'locale', { pattern: LOCALE_RE, patternText: 'a locale like "sv-se"' });
		v.object(body.urls, 'urls');
		v.httpUrl(body.urls.redirect, 'urls.redirect');
		// [ref] urls.terms "Required when product.type is 'payment'"
		v.httpUrl(body.urls.terms, 'urls.terms', { required: type === 'payment' });
	} else {
		// 003 does not list these for charge token; refuse bad values but do not require them. [guess]
		v.oneOf(body.customerType, 'customerType', CUSTOMER_TYPES, { required: false });
		v.string(body.country, 'country', {
			required: false,
			pattern: COUNTRY_RE,
			patternText: 'an ISO 3166-1 alpha-2 code like SE',
		});
		v.string(body.locale, 'locale', {
			required: false,
			pattern: LOCALE_RE,
			patternText: 'a locale like "sv-se"',
		});
		if (v.object(body.urls, 'urls', { required: false })) {
			v.httpUrl(body.urls.redirect, 'urls.redirect', { required: false });
			v.httpUrl(body.urls.terms, 'urls.terms', { required: false });
		}
	}

	validateReferences(body.references);
	validateHooks(body.hooks, strict);
	validateModules(body.modules, strict);
	validateSessionConfig(body.config, strict);

	// data: [ref] 003 "data object required" for charge token.
	const hasData = v.object(body.data, 'data', { required: isCharge });
	const data = hasData ? body.data : {};
	if (hasData) {
		v.noUnknownKeys(
			data,
			['order', 'billing', 'shipping', 'company', 'consumer', 'tokenization'],
			'data',
			strict,
		);
		checkCustomerData(data, body.customerType);
		validateAddress(data.billing, 'data.billing', strict);
		validateAddress(data.shipping, 'data.shipping', strict);
		validateCompany(data.company, 'data.company', strict);
		validateConsumer(data.consumer, 'data.consumer', strict);
	}

	// data.order: required for payment intents except payment_tokenize. [ref][doc]
	const orderRequired = PAYMENT_INTENTS.includes(intent) && intent !== 'payment_tokenize';
	if (data.order === undefined) {
		if (orderRequired) throw invalid(`data.order is required for product.intent "${intent}"`);
	} else {
		validateOrder(data.order, 'data.order', { strict });
	}

	if (isCharge) {
		// [ref] 003: data.tokenization.tokenId required
		v.object(data.tokenization, 'data.tokenization');
		v.uuidField(data.tokenization.tokenId, 'data.tokenization.tokenId');
	} else if (data.tokenization !== undefined) {
		throw invalid(
			'data.tokenization can only be provided for product.intent "payment_charge_token"',
		);
	}
	return { intent, isCharge };
}

/** PATCH /v3/session/:id body (001): data, modules, config. Customer-type checks need the session. */
function validateUpdateSession(body, { strict }) {
	v.noUnknownKeys(body, ['data', 'modules', 'config'], '', strict);
	validateModules(body.modules, strict);
	v.object(body.config, 'config', { required: false });
	// [plugin] "Top-level session config … only valid at session creation" (class-hosted-payment-page.php).
	if (body.config && body.config.realTimeProcessing !== undefined)
		throw invalid('config.realTimeProcessing can only be set when the session is created');
	if (!v.object(body.data, 'data', { required: false })) return;
	const data = body.data;
	v.noUnknownKeys(
		data,
		['order', 'billing', 'shipping', 'company', 'consumer', 'tokenization'],
		'data',
		strict,
	);
	if (data.order !== undefined) validateOrder(data.order, 'data.order', { strict });
	validateAddress(data.billing, 'data.billing', strict);
	validateAddress(data.shipping, 'data.shipping', strict);
	validateCompany(data.company, 'data.company', strict);
	validateConsumer(data.consumer, 'data.consumer', strict);
	if (v.object(data.tokenization, 'data.tokenization', { required: false })) {
		v.uuidField(data.tokenization.tokenId, 'data.tokenization.tokenId');
	}
}

/** PATCH …/metadata and …/order/update/references: body {references}. [plugin][doc] */
function validateReferencesBody(body, { strict }) {
	v.noUnknownKeys(body, ['references'], '', strict);
	validateReferences(body.references, 'references', { required: true });
}

/** POST …/decision [plugin] */
function validateDecision(body, { strict }) {
	v.noUnknownKeys(body, ['decision', 'rejectionType', 'softErrors', 'hardError'], '', strict);
	v.oneOf(body.decision, 'decision', ['allow', 'reject']);
	v.oneOf(body.rejectionType, 'rejectionType', ['notify_user', 'reject_session_with_error'], {
		required: false,
	});
	if (v.array(body.softErrors, 'softErrors', { required: false })) {
		body.softErrors.forEach((e, i) => {
			v.object(e, `softErrors[${i}]`);
			v.string(e.message, `softErrors[${i}].message`, { min: 1 });
		});
	}
	if (v.object(body.hardError, 'hardError', { required: false }))
		v.string(body.hardError.message, 'hardError.message', { min: 1 });
	if (
		body.decision === 'allow' &&
		(body.rejectionType || body.hardError || (body.softErrors && body.softErrors.length))
	) {
		throw invalid(
			'rejectionType, softErrors and hardError are only allowed with decision "reject"',
		);
	}
}

/** POST …/order/capture body {data:{order}} [doc][plugin] */
function validateCaptureBody(body, { strict }) {
	v.noUnknownKeys(body, ['data'], '', strict);
	v.object(body.data, 'data');
	v.noUnknownKeys(body.data, ['order'], 'data', strict);
	validateOrder(body.data.order, 'data.order', { strict });
}

/** POST …/order/refund body {captureId?, data:{order}}; 'adjustment' lines allowed. [plugin][ref 003] */
function validateRefundBody(body, { strict }) {
	v.noUnknownKeys(body, ['captureId', 'data'], '', strict);
	v.uuidField(body.captureId, 'captureId', { required: false });
	v.object(body.data, 'data');
	v.noUnknownKeys(body.data, ['order'], 'data', strict);
	validateOrder(body.data.order, 'data.order', { strict, allowAdjustment: true });
}

/** POST /v3/hosted-page {sessionId, config?:{pageTitle?, logoUrl?, showCart?}} [plugin] */
function validateHostedPage(body, { strict }) {
	v.noUnknownKeys(body, ['sessionId', 'config'], '', strict);
	v.uuidField(body.sessionId, 'sessionId');
	if (!v.object(body.config, 'config', { required: false })) return;
	v.noUnknownKeys(body.config, ['pageTitle', 'logoUrl', 'showCart'], 'config', strict);
	v.string(body.config.pageTitle, 'config.pageTitle', { required: false, max: 256 });
	v.httpUrl(body.config.logoUrl, 'config.logoUrl', { required: false });
	v.boolean(body.config.showCart, 'config.showCart', { required: false });
}

module.exports = {
	TOKENIZE_INTENTS,
	checkCustomerData,
	validateCreateSession,
	validateUpdateSession,
	validateReferencesBody,
	validateDecision,
	validateCaptureBody,
	validateRefundBody,
	validateHostedPage,
};
