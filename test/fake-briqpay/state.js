'use strict';

/**
 * In-memory Briqpay: sessions, tokens, hosted pages, and every state change the API and the
 * test controls can make. Methods that change state return the hook payloads to send
 * ([{event, status, sessionId, ...}]); the caller dispatches them.
 *
 * Statuses follow the reference pages:
 *   session.status               started | modules_in_progress | completed               [ref] 000
 *   moduleStatus.payment.orderStatus  order_pending | order_rejected | order_cancelled |
 *                                order_approved_not_captured | captured_partial | captured_full [ref] 000
 *   moduleStatus.payment.refundStatus not_refunded | partially_refunded | captured_amount_fully_refunded [ref]
 *   transactions[].status        pending | approved | rejected | cancelled                 [ref]
 *   transactions[].captureStatus not_captured | partially_captured | fully_captured        [ref]
 *   captures[].status            pending | captured | rejected   (000/001/002)
 *                                pending | approved | rejected   (003, current charge page)  -> option recordStatusStyle
 *   refunds[].status             pending | refunded | rejected   (000/001/002)
 *                                pending | approved | rejected   (003)
 *   hook statuses for capture_status / refund_status: pending | approved | rejected         [ref]
 */

const { invalid, badRequest, ApiError } = require('./errors');
const { uuid, clone, nowIso, fakeClientToken } = require('./util');
const { computeTotals, lineKey, unitsByKey } = require('./money');
const { TOKENIZE_INTENTS, checkCustomerData } = require('./rules');

const DEFAULT_PSP = Object.freeze({
	pspId: '5f0c7a3e-8d1b-4c2a-9e6f-1a2b3c4d5e6f',
	name: 'invoice',
	category: 'invoice',
	pspDisplayName: 'Invoice',
	pspIntegrationName: 'Briqpay Invoice',
});

const TX_STATUS_FOR_ORDER = {
	order_pending: 'pending',
	order_approved_not_captured: 'approved',
	order_rejected: 'rejected',
	order_cancelled: 'cancelled',
};

const isApprovedCapture = (c) => c.status === 'captured' || c.status === 'approved';
const isApprovedRefund = (r) => r.status === 'refunded' || r.status === 'approved';
const sum = (arr, f) => arr.reduce((a, x) => a + f(x), 0);

/** Default cart used by seeds: 2 × 100.00 SEK at 25 % + shipping 49.00 SEK at 25 %. */
function defaultOrder() {
	const cart = [
		{
			productType: 'physical',
			reference: 'sku-tshirt',
			name: 'T-shirt',
			quantity: 2,
			quantityUnit: 'pcs',
			unitPrice: 10000,
			taxRate: 2500,
			discountPercentage: 0,
		},
		{
			productType: 'shipping_fee',
			reference: 'shipping',
			name: 'Shipping',
			quantity: 1,
			quantityUnit: 'pcs',
			unitPrice: 4900,
			taxRate: 2500,
			discountPercentage: 0,
		},
	];
	return { currency: 'SEK', ...computeTotals(cart), cart };
}

function defaultAddress(country, customerType) {
	const a = {
		streetAddress: 'Testgatan 1',
		zip: '11122',
		city: 'Stockholm',
		firstName: 'Test',
		lastName: 'Person',
		email: 'buyer@example.com',
		phoneNumber: '+46701234567',
		country: country || 'SE',
	};
	if (customerType === 'business')
		Object.assign(a, { companyName: 'Test Company AB', cin: '5560000000' });
	return a;
}

class StateError extends Error {
	constructor(message) {
		super(message);
		this.name = 'StateError';
	}
}

class BriqpayState {
	/**
	 * @param {object} opts
	 * @param {() => string} opts.getBaseUrl
	 * @param {'000'|'003'} opts.recordStatusStyle  capture/refund record status vocabulary
	 * @param {number} opts.notFoundStatus
	 * @param {'sync'|'async'} opts.defaultCaptureMode
	 */
	constructor(opts) {
		this.opts = opts;
		this.sessions = new Map();
		this.meta = new Map();
		this.tokens = new Map();
		this.tokenMeta = new Map();
		this.hostedPages = new Map();
	}

	reset() {
		for (const m of [this.sessions, this.meta, this.tokens, this.tokenMeta, this.hostedPages])
			m.clear();
	}

	get approvedCaptureStatus() {
		return this.opts.recordStatusStyle === '003' ? 'approved' : 'captured';
	}

	get approvedRefundStatus() {
		return this.opts.recordStatusStyle === '003' ? 'approved' : 'refunded';
	}

	// ---------------------------------------------------------------- lookups

	notFound(what) {
		return new ApiError(this.opts.notFoundStatus, 'NOT_FOUND', `${what} not found`);
	}

	/** Sessions/tokens belong to the account that created them; seeds without owner are visible to all. */
	_visible(meta, owner) {
		return !meta || !meta.owner || owner === undefined || meta.owner === owner;
	}

	findSession(id, owner) {
		const key = String(id).toLowerCase();
		const s = this.sessions.get(key);
		if (!s || !this._visible(this.meta.get(key), owner)) throw this.notFound('Session');
		return s;
	}

	findToken(id, owner) {
		const key = String(id).toLowerCase();
		const t = this.tokens.get(key);
		if (!t || !this._visible(this.tokenMeta.get(key), owner)) throw this.notFound('Token');
		return t;
	}

	metaOf(session) {
		return this.meta.get(session.sessionId.toLowerCase());
	}

	// ---------------------------------------------------------------- builders

	_newSession({ product, customerType, country, locale, urls, references, hooks, data }) {
		const sessionId = uuid();
		const base = this.opts.getBaseUrl();
		return {
			createdAt: nowIso(),
			sessionId,
			status: 'started',
			product,
			customerType,
			country,
			locale,
			urls,
			references: references || {},
			hooks: hooks || [],
			htmlSnippet: `<div id="briqpay-checkout"><iframe src="${base}/hosted/session/${sessionId}" title="Briqpay checkout"></iframe></div>`,
			clientToken: fakeClientToken(sessionId),
			moduleStatus: {
				company_lookup: { uiStatus: 'visible' },
				billing: { uiStatus: 'visible' },
				shipping: { uiStatus: 'visible' },
				payment: { uiStatus: 'visible' },
			},
			data: data || {},
		};
	}

	_store(session, meta) {
		const key = session.sessionId.toLowerCase();
		this.sessions.set(key, session);
		this.meta.set(key, {
			owner: undefined,
			decisionPending: false,
			cancelSupported: true,
			captureMode: this.opts.defaultCaptureMode || 'sync',
			modules: {},
			config: {},
			...meta,
		});
		return session;
	}

	_psp(session) {
		return this.metaOf(session).psp || DEFAULT_PSP;
	}

	_moneyRecord(session, order) {
		const psp = this._psp(session);
		return {
			createdAt: nowIso(),
			reservationId: session.data.transactions?.[0]?.reservationId ?? `res_${uuid().slice(0, 8)}`,
			pspId: psp.pspId,
			pspDisplayName: psp.pspDisplayName,
			pspIntegrationName: psp.pspIntegrationName,
			email: session.data.billing?.email,
			reference: session.references?.reference1,
			amountIncVat: order.amountIncVat,
			amountExVat: order.amountExVat,
			currency: order.currency,
			cart: clone(order.cart),
		};
	}

	_makeTransaction(session, status) {
		const { createdAt, ...rest } = this._moneyRecord(session, session.data.order);
		return {
			createdAt,
			transactionId: uuid(),
			...rest,
			status,
			captureStatus: 'not_captured',
			refundStatus: 'not_refunded',
			sessionId: session.sessionId,
		};
	}

	_makeCapture(session, order, { status, autoCaptured }) {
		const { createdAt, ...rest } = this._moneyRecord(session, order);
		return {
			createdAt,
			captureId: uuid(),
			parentTransactionId: session.data.transactions[0].transactionId,
			autoCaptured: !!autoCaptured,
			...rest,
			status,
			sessionId: session.sessionId,
		};
	}

	_makeRefund(session, capture, order, { status }) {
		const { createdAt, ...rest } = this._moneyRecord(session, order);
		return {
			createdAt,
			refundId: uuid(),
			parentCaptureId: capture.captureId,
			parentTransactionId: capture.parentTransactionId,
			...rest,
			status,
			sessionId: session.sessionId,
		};
	}

	_makeToken(session, owner) {
		const psp = this._psp(session);
		const expiry = new Date();
		expiry.setFullYear(expiry.getFullYear() + 3);
		const d = session.data;
		const token = {
			tokenId: uuid(),
			initialSessionId: session.sessionId,
			state: 'active',
			country: session.country,
			locale: session.locale,
			product: {
				type: session.product.type,
				...(session.product.variantId ? { variantId: session.product.variantId } : {}),
			},
			customerType: session.customerType,
			expiryDate: expiry.toISOString(),
			createdAt: nowIso(),
			paymentMethod: {
				pspId: psp.pspId,
				name: psp.name,
				category: psp.category,
				pspDisplayName: psp.pspDisplayName,
			},
			chargeSessions: [],
			data: {
				...(d.company ? { company: { cin: d.company.cin, name: d.company.name } } : {}),
				...(d.consumer
					? { consumer: { dateOfBirth: d.consumer.dateOfBirth, name: d.consumer.name } }
					: {}),
				...(d.billing ? { billing: clone(d.billing) } : {}),
				...(d.shipping ? { shipping: clone(d.shipping) } : {}),
			},
		};
		this.tokens.set(token.tokenId, token);
		this.tokenMeta.set(token.tokenId, { owner, chargeOutcome: 'approved' });
		return token;
	}

	/** Recompute orderStatus (captured_*), transaction capture/refund status and payment.refundStatus. */
	_refresh(session) {
		const order = session.data.order;
		const pay = session.moduleStatus.payment;
		const tx = session.data.transactions?.[0];
		if (!order || !tx) return;
		const approved = (session.data.captures || []).filter(isApprovedCapture);
		const ordered = unitsByKey(order.cart);
		const captured = unitsByKey(approved.flatMap((c) => c.cart));
		const full = approved.length > 0 && [...ordered].every(([k, u]) => (captured.get(k) || 0) >= u);
		if (
			['order_approved_not_captured', 'captured_partial', 'captured_full'].includes(pay.orderStatus)
		) {
			pay.orderStatus =
				approved.length === 0
					? 'order_approved_not_captured'
					: full
						? 'captured_full'
						: 'captured_partial';
		}
		tx.captureStatus =
			approved.length === 0 ? 'not_captured' : full ? 'fully_captured' : 'partially_captured';
		const capturedAmount = sum(approved, (c) => c.amountIncVat);
		const refundedAmount = sum(
			(session.data.refunds || []).filter(isApprovedRefund),
			(r) => r.amountIncVat,
		);
		const rs =
			refundedAmount <= 0
				? 'not_refunded'
				: refundedAmount >= capturedAmount
					? 'captured_amount_fully_refunded'
					: 'partially_refunded';
		pay.refundStatus = rs;
		tx.refundStatus = rs;
	}

	/**
	 * Complete a session (the customer finished the checkout / a charge went through).
	 * opts.orderStatus: order_approved_not_captured (default) | order_pending | order_rejected
	 * opts.autoCapture: also create an automatic capture of the whole order (autoCaptured: true)
	 */
	_complete(session, opts = {}) {
		const meta = this.metaOf(session);
		const orderStatus = opts.orderStatus || 'order_approved_not_captured';
		if (!['order_approved_not_captured', 'order_pending', 'order_rejected'].includes(orderStatus)) {
			throw new StateError(`cannot complete with orderStatus ${orderStatus}`);
		}
		session.status = 'completed';
		for (const m of Object.values(session.moduleStatus)) m.uiStatus = 'completed';
		const d = session.data;
		if (session.customerType === 'business')
			d.company ??= { cin: '5560000000', vatNumber: 'SE556000000001', name: 'Test Company AB' };
		if (session.customerType === 'consumer')
			d.consumer ??= {
				identificationNumber: '19700101-1234',
				dateOfBirth: '1970-01-01',
				name: 'Test Person',
			};
		d.billing ??= defaultAddress(session.country, session.customerType);
		d.shipping ??= clone(d.billing);
		meta.decisionPending = false;
		meta.completedAt = nowIso();

		const events = [{ event: 'session_status', status: 'completed', sessionId: session.sessionId }];
		if (d.order) {
			session.moduleStatus.payment.orderStatus = orderStatus;
			session.moduleStatus.payment.refundStatus = 'not_refunded';
			d.transactions = [this._makeTransaction(session, TX_STATUS_FOR_ORDER[orderStatus])];
			d.captures = [];
			d.refunds = [];
			events.push({ event: 'order_status', status: orderStatus, sessionId: session.sessionId });
		}
		if (TOKENIZE_INTENTS.includes(session.product.intent) && !d.tokenization) {
			d.tokenization = { tokenId: this._makeToken(session, meta.owner).tokenId };
		}
		if (opts.autoCapture && d.order && orderStatus === 'order_approved_not_captured') {
			const cap = this._makeCapture(session, d.order, {
				status: this.approvedCaptureStatus,
				autoCaptured: true,
			});
			d.captures.push(cap);
			this._refresh(session);
			events.push(this._captureEvent(session, cap, 'approved', { isPreExistingCapture: false }));
		}
		return events;
	}

	_captureEvent(session, cap, status, { isPreExistingCapture = false } = {}) {
		return {
			event: 'capture_status',
			status,
			sessionId: session.sessionId,
			captureId: cap.captureId,
			autoCaptured: !!cap.autoCaptured,
			isPreExistingCapture,
		};
	}

	_refundEvent(session, refund, status) {
		return {
			event: 'refund_status',
			status,
			sessionId: session.sessionId,
			refundId: refund.refundId,
		};
	}

	// ---------------------------------------------------------------- API operations

	/** POST /v3/session (not charge). Body already validated by rules.validateCreateSession. */
	createSession(body, owner) {
		const data = clone(body.data || {});
		const session = this._newSession({
			product: clone(body.product),
			customerType: body.customerType,
			country: body.country,
			locale: body.locale,
			urls: clone(body.urls),
			references: clone(body.references),
			hooks: clone(body.hooks),
			data,
		});
		// [guess] A module left out of modules.loadModules does not appear in moduleStatus.
		const loaded = body.modules && body.modules.loadModules;
		if (Array.isArray(loaded)) {
			for (const name of Object.keys(session.moduleStatus))
				if (!loaded.includes(name)) delete session.moduleStatus[name];
		}
		this._store(session, {
			owner,
			modules: clone(body.modules) || {},
			config: clone(body.config) || {},
		});
		return { session, events: [] };
	}

	/** POST /v3/session with intent payment_charge_token. [ref] 003 */
	chargeToken(body, owner) {
		const tokenId = body.data.tokenization.tokenId.toLowerCase();
		const token = this.tokens.get(tokenId);
		const tmeta = this.tokenMeta.get(tokenId);
		if (!token || !this._visible(tmeta, owner))
			throw invalid('data.tokenization.tokenId: token not found');
		if (token.state !== 'active') throw invalid('data.tokenization.tokenId: token is inactive');
		if (token.expiryDate && Date.parse(token.expiryDate) < Date.now())
			throw invalid('data.tokenization.tokenId: token has expired');
		const customerType = token.customerType;
		checkCustomerData(body.data, customerType);

		const td = token.data || {};
		const data = {
			...(td.company ? { company: clone(td.company) } : {}),
			...(td.consumer ? { consumer: clone(td.consumer) } : {}),
			...(td.billing ? { billing: clone(td.billing) } : {}),
			...(td.shipping ? { shipping: clone(td.shipping) } : {}),
			...clone(body.data),
			tokenization: { tokenId: token.tokenId },
		};
		const session = this._newSession({
			product: clone(body.product),
			customerType,
			country: token.country,
			locale: token.locale,
			urls: clone(body.urls) || {},
			references: clone(body.references),
			hooks: clone(body.hooks),
			data,
		});
		const pm = token.paymentMethod || {};
		this._store(session, {
			owner,
			psp: {
				...DEFAULT_PSP,
				...pm,
				pspIntegrationName: pm.pspDisplayName || DEFAULT_PSP.pspIntegrationName,
			},
		});
		const outcome = tmeta?.chargeOutcome || 'approved';
		const orderStatus = {
			approved: 'order_approved_not_captured',
			pending: 'order_pending',
			rejected: 'order_rejected',
		}[outcome];
		const events = this._complete(session, { orderStatus });
		token.chargeSessions.push({
			sessionId: session.sessionId,
			completedAt: this.metaOf(session).completedAt,
			order: {
				amountIncVat: data.order.amountIncVat,
				amountExVat: data.order.amountExVat,
				currency: data.order.currency,
			},
		});
		return { session, events };
	}

	/** PATCH /v3/session/:id [ref] 001 — refused once completed. */
	updateSession(id, body, owner) {
		const session = this.findSession(id, owner);
		if (session.status === 'completed') {
			throw badRequest('UPDATE_NOT_ALLOWED', 'Session is completed and can no longer be updated');
		}
		const data = body.data || {};
		checkCustomerData(data, session.customerType);
		if (data.tokenization && session.product.intent !== 'payment_charge_token') {
			throw invalid(
				'data.tokenization can only be provided for product.intent "payment_charge_token"',
			);
		}
		for (const [k, val] of Object.entries(data)) session.data[k] = clone(val); // each given data key replaces the old one
		const meta = this.metaOf(session);
		if (body.modules) meta.modules = { ...meta.modules, ...clone(body.modules) };
		if (body.config) meta.config = { ...meta.config, ...clone(body.config) };
		return session;
	}

	/** PATCH /v3/session/:id/metadata — only while not completed. [plugin] */
	setMetadata(id, references, owner) {
		const session = this.findSession(id, owner);
		if (session.status === 'completed') {
			throw badRequest('UPDATE_NOT_ALLOWED', 'Session is completed and can no longer be updated');
		}
		session.references = { ...session.references, ...clone(references) };
	}

	/** PATCH /v3/session/:id/order/update/references — only once completed. [doc][plugin] */
	updateOrderReferences(id, references, owner) {
		const session = this.findSession(id, owner);
		if (session.status !== 'completed')
			throw badRequest('ORDER_NOT_COMPLETED', 'Session is not completed');
		session.references = { ...session.references, ...clone(references) };
	}

	/** POST /v3/session/:id/decision [plugin] */
	decide(id, body, owner) {
		const session = this.findSession(id, owner);
		const meta = this.metaOf(session);
		if (!meta.decisionPending) throw invalid('There is no decision pending for this session');
		meta.decisionPending = false;
		meta.decision = { ...clone(body), at: nowIso() };
		if (body.decision === 'allow') {
			return session.status === 'completed' ? [] : this._complete(session, {});
		}
		session.moduleStatus.payment.orderStatus = 'order_rejected';
		if (session.data.transactions?.[0]) session.data.transactions[0].status = 'rejected';
		return [{ event: 'order_status', status: 'order_rejected', sessionId: session.sessionId }];
	}

	_orderStatusOrThrow(session) {
		if (session.status !== 'completed')
			throw badRequest('ORDER_NOT_COMPLETED', 'Session is not completed');
		const os = session.moduleStatus.payment.orderStatus;
		if (!session.data.order || !os) throw invalid('Session has no order');
		return os;
	}

	/** POST /v3/session/:id/order/capture [doc][plugin] */
	capture(id, body, owner) {
		const session = this.findSession(id, owner);
		const os = this._orderStatusOrThrow(session);
		if (os === 'order_pending')
			throw badRequest('ORDER_PENDING', 'Order is pending and cannot be captured yet');
		if (!['order_approved_not_captured', 'captured_partial'].includes(os)) {
			throw invalid(`Order cannot be captured when orderStatus is ${os}`);
		}
		const order = body.data.order;
		const sessionOrder = session.data.order;
		if (order.currency !== sessionOrder.currency) {
			throw invalid(
				`data.order.currency must be ${sessionOrder.currency} like the session order (got ${order.currency})`,
			);
		}
		const ordered = unitsByKey(sessionOrder.cart);
		order.cart.forEach((line, i) => {
			if (!ordered.has(lineKey(line))) {
				throw badRequest(
					'CART_ITEM_NOT_FOUND',
					`data.order.cart[${i}]: no order line with reference ${JSON.stringify(line.reference)} and taxRate ${line.taxRate}`,
				);
			}
		});
		const reserved = unitsByKey(
			session.data.captures.filter((c) => c.status !== 'rejected').flatMap((c) => c.cart),
		);
		for (const [k, units] of unitsByKey(order.cart)) {
			const left = ordered.get(k) - (reserved.get(k) || 0);
			if (units > left) {
				throw invalid(`Cannot capture ${units} of order line ${k}: only ${left} left to capture`);
			}
		}
		const async = this.metaOf(session).captureMode === 'async';
		const cap = this._makeCapture(session, order, {
			status: async ? 'pending' : this.approvedCaptureStatus,
			autoCaptured: false,
		});
		session.data.captures.push(cap);
		this._refresh(session);
		return {
			captureId: cap.captureId,
			events: [this._captureEvent(session, cap, async ? 'pending' : 'approved')],
		};
	}

	/** POST /v3/session/:id/order/refund [plugin] */
	refund(id, body, owner) {
		const session = this.findSession(id, owner);
		this._orderStatusOrThrow(session);
		const live = session.data.captures.filter((c) => c.status !== 'rejected');
		if (live.length === 0) throw invalid('Order has no captures to refund (ORDER_NOT_CAPTURED)');
		let cap;
		if (body.captureId) {
			cap = session.data.captures.find(
				(c) => c.captureId.toLowerCase() === body.captureId.toLowerCase(),
			);
			if (!cap) throw invalid(`captureId ${body.captureId} not found on this session`);
		} else {
			if (live.length > 1)
				throw invalid('captureId is required when the order has more than one capture');
			cap = live[0];
		}
		if (!isApprovedCapture(cap))
			throw invalid(`Capture ${cap.captureId} is ${cap.status} and cannot be refunded`);
		const order = body.data.order;
		if (order.currency !== cap.currency) {
			throw invalid(
				`data.order.currency must be ${cap.currency} like the capture (got ${order.currency})`,
			);
		}
		const capKeys = unitsByKey(cap.cart);
		order.cart.forEach((line, i) => {
			if (line.productType !== 'adjustment' && !capKeys.has(lineKey(line))) {
				throw badRequest(
					'CART_ITEM_NOT_FOUND',
					`data.order.cart[${i}]: no line with reference ${JSON.stringify(line.reference)} and taxRate ${line.taxRate} in capture ${cap.captureId}`,
				);
			}
		});
		if (order.amountIncVat <= 0)
			throw invalid(
				`data.order.amountIncVat must be positive for a refund (got ${order.amountIncVat})`,
			);
		const already = sum(
			session.data.refunds.filter(
				(r) => r.parentCaptureId === cap.captureId && r.status !== 'rejected',
			),
			(r) => r.amountIncVat,
		);
		const remaining = cap.amountIncVat - already;
		if (order.amountIncVat > remaining) {
			throw invalid(
				`Refund amountIncVat ${order.amountIncVat} exceeds what capture ${cap.captureId} still holds (${remaining})`,
			);
		}
		const async = this.metaOf(session).captureMode === 'async';
		const refund = this._makeRefund(session, cap, order, {
			status: async ? 'pending' : this.approvedRefundStatus,
		});
		session.data.refunds.push(refund);
		this._refresh(session);
		return {
			refundId: refund.refundId,
			events: [this._refundEvent(session, refund, async ? 'pending' : 'approved')],
		};
	}

	/** POST /v3/session/:id/order/cancel [doc][plugin] */
	cancel(id, owner) {
		const session = this.findSession(id, owner);
		const os =
			session.status === 'completed' ? session.moduleStatus.payment.orderStatus : undefined;
		if (os !== 'order_approved_not_captured') {
			throw invalid(
				`Order can only be cancelled when orderStatus is order_approved_not_captured (is ${os || `session ${session.status}`})`,
			);
		}
		if (session.data.captures.some((c) => c.status !== 'rejected'))
			throw invalid('Order has captures and cannot be cancelled');
		if (this.metaOf(session).cancelSupported === false) {
			throw badRequest(
				'CANCEL_NOT_SUPPORTED',
				'The payment method of this order does not support cancel',
			);
		}
		return this._cancel(session);
	}

	_cancel(session) {
		session.moduleStatus.payment.orderStatus = 'order_cancelled';
		session.data.transactions[0].status = 'cancelled';
		return [{ event: 'order_status', status: 'order_cancelled', sessionId: session.sessionId }];
	}

	/** DELETE /v3/token/:id [doc] — state becomes inactive; idempotent. */
	deleteToken(id, owner) {
		const token = this.findToken(id, owner);
		token.state = 'inactive';
	}

	/** POST /v3/hosted-page [plugin] */
	createHostedPage(body, owner) {
		let session;
		try {
			session = this.findSession(body.sessionId, owner);
		} catch {
			throw invalid(`sessionId: session ${body.sessionId} not found`);
		}
		if (session.status === 'completed')
			throw invalid('sessionId: session is completed; a hosted page needs an open session');
		const hostedPageId = uuid();
		const page = {
			hostedPageId,
			sessionId: session.sessionId,
			url: `${this.opts.getBaseUrl()}/hosted/${hostedPageId}`,
			config: clone(body.config) || {},
			createdAt: nowIso(),
		};
		this.hostedPages.set(hostedPageId, page);
		return page;
	}

	// ---------------------------------------------------------------- test-side transitions

	/**
	 * Drive a session like the customer / Briqpay back office would. Throws StateError on an
	 * impossible transition. Returns hook payloads.
	 *   complete {orderStatus?, autoCapture?} | modules_in_progress | await_decision |
	 *   approve | reject | cancel | capture {cart?, isPreExistingCapture?, autoCaptured?} |
	 *   capture_approved | capture_rejected {captureId?} | refund_approved | refund_rejected {refundId?}
	 */
	transition(id, to, opts = {}) {
		const session = this.sessions.get(String(id).toLowerCase());
		if (!session) throw new StateError(`unknown session ${id}`);
		const meta = this.metaOf(session);
		const pay = session.moduleStatus.payment;
		const tx = session.data.transactions?.[0];
		const need = (cond, msg) => {
			if (!cond) throw new StateError(`cannot ${to} session ${session.sessionId}: ${msg}`);
		};
		switch (to) {
			case 'complete':
				need(session.status !== 'completed', 'already completed');
				return this._complete(session, opts);
			case 'modules_in_progress':
				need(session.status === 'started', `status is ${session.status}`);
				session.status = 'modules_in_progress';
				return [];
			case 'await_decision':
				need(session.status !== 'completed', 'already completed');
				meta.decisionPending = true;
				return [];
			case 'approve':
				need(pay.orderStatus === 'order_pending', `orderStatus is ${pay.orderStatus}`);
				pay.orderStatus = 'order_approved_not_captured';
				tx.status = 'approved';
				return [
					{
						event: 'order_status',
						status: 'order_approved_not_captured',
						sessionId: session.sessionId,
					},
				];
			case 'reject':
				need(
					pay.orderStatus === 'order_pending' ||
						(session.status !== 'completed' && meta.decisionPending),
					`orderStatus is ${pay.orderStatus}`,
				);
				pay.orderStatus = 'order_rejected';
				if (tx) tx.status = 'rejected';
				meta.decisionPending = false;
				return [{ event: 'order_status', status: 'order_rejected', sessionId: session.sessionId }];
			case 'cancel':
				need(
					pay.orderStatus === 'order_approved_not_captured',
					`orderStatus is ${pay.orderStatus}`,
				);
				return this._cancel(session);
			case 'capture': {
				need(
					['order_approved_not_captured', 'captured_partial'].includes(pay.orderStatus),
					`orderStatus is ${pay.orderStatus}`,
				);
				const cart = opts.cart || session.data.order.cart;
				const order = { currency: session.data.order.currency, ...computeTotals(cart), cart };
				const cap = this._makeCapture(session, order, {
					status: this.approvedCaptureStatus,
					autoCaptured: opts.autoCaptured !== false,
				});
				session.data.captures.push(cap);
				this._refresh(session);
				return [
					this._captureEvent(session, cap, 'approved', {
						isPreExistingCapture: !!opts.isPreExistingCapture,
					}),
				];
			}
			case 'capture_approved':
			case 'capture_rejected': {
				const caps = (session.data.captures || []).filter((c) => c.status === 'pending');
				const cap = opts.captureId
					? caps.find((c) => c.captureId === opts.captureId)
					: caps.length === 1
						? caps[0]
						: undefined;
				need(
					cap,
					opts.captureId
						? `no pending capture ${opts.captureId}`
						: 'give opts.captureId (pending captures: ' + caps.length + ')',
				);
				const approved = to === 'capture_approved';
				cap.status = approved ? this.approvedCaptureStatus : 'rejected';
				this._refresh(session);
				return [this._captureEvent(session, cap, approved ? 'approved' : 'rejected')];
			}
			case 'refund_approved':
			case 'refund_rejected': {
				const refunds = (session.data.refunds || []).filter((r) => r.status === 'pending');
				const r = opts.refundId
					? refunds.find((x) => x.refundId === opts.refundId)
					: refunds.length === 1
						? refunds[0]
						: undefined;
				need(
					r,
					opts.refundId
						? `no pending refund ${opts.refundId}`
						: 'give opts.refundId (pending refunds: ' + refunds.length + ')',
				);
				const approved = to === 'refund_approved';
				r.status = approved ? this.approvedRefundStatus : 'rejected';
				this._refresh(session);
				return [this._refundEvent(session, r, approved ? 'approved' : 'rejected')];
			}
			default:
				throw new StateError(`unknown transition "${to}"`);
		}
	}

	// ---------------------------------------------------------------- seeding

	/**
	 * Seed a session. Top-level fields given override the defaults (data is merged key by key).
	 * Extra keys (not session fields): status, orderStatus, captures, refunds, decisionPending,
	 * cancelSupported, captureMode ('sync'|'async'), owner, autoCapture.
	 */
	seedSession(partial = {}) {
		const p = clone(partial);
		const x = {};
		for (const k of [
			'status',
			'orderStatus',
			'captures',
			'refunds',
			'decisionPending',
			'cancelSupported',
			'captureMode',
			'owner',
			'autoCapture',
		]) {
			x[k] = p[k];
			delete p[k];
		}
		const customerType = p.customerType || 'consumer';
		const session = this._newSession({
			product: { type: 'payment', intent: 'payment_one_time' },
			customerType,
			country: 'SE',
			locale: 'sv-se',
			urls: {
				terms: 'https://merchant.example/terms',
				redirect: 'https://merchant.example/thanks',
			},
			references: { reference1: `order-${Math.floor(Math.random() * 1e6)}` },
			hooks: [],
			data: { order: defaultOrder() },
		});
		for (const [k, val] of Object.entries(p)) {
			if (k === 'data') session.data = { ...session.data, ...val };
			else if (k === 'moduleStatus') session.moduleStatus = { ...session.moduleStatus, ...val };
			else session[k] = val;
		}
		if (session.data.order === null) delete session.data.order;
		this._store(session, {
			owner: x.owner,
			decisionPending: !!x.decisionPending,
			cancelSupported: x.cancelSupported !== false,
			...(x.captureMode ? { captureMode: x.captureMode } : {}),
		});

		const wantsCompleted = x.status === 'completed' || x.orderStatus || x.captures || x.refunds;
		if (!wantsCompleted) {
			if (x.status) session.status = x.status;
			return session;
		}
		const os = x.orderStatus;
		const completeAs = ['order_pending', 'order_rejected'].includes(os)
			? os
			: 'order_approved_not_captured';
		this._complete(session, { orderStatus: completeAs, autoCapture: x.autoCapture });
		if (os === 'order_cancelled') this._cancel(session);
		if (!session.data.order) return session;

		const order = session.data.order;
		let captures = x.captures;
		if (!captures && os === 'captured_full') captures = [{}];
		if (!captures && os === 'captured_partial') {
			const first = order.cart[0];
			const cart = order.cart.length > 1 ? [first] : [{ ...first, quantity: 1 }];
			if (order.cart.length === 1 && first.quantity < 2)
				throw new StateError('captured_partial needs a cart with more than one unit');
			captures = [{ cart }];
		}
		for (const c of captures || []) {
			const cart = c.cart || order.cart;
			const capOrder = { currency: order.currency, ...computeTotals(cart), cart };
			const cap = this._makeCapture(session, capOrder, {
				status: this.approvedCaptureStatus,
				autoCaptured: false,
			});
			Object.assign(cap, c);
			session.data.captures.push(cap);
		}
		for (const r of x.refunds || []) {
			const cap = r.parentCaptureId
				? session.data.captures.find((c) => c.captureId === r.parentCaptureId)
				: session.data.captures[0];
			if (!cap) throw new StateError('seeded refund needs a capture');
			const cart = r.cart || cap.cart;
			const rOrder = { currency: order.currency, ...computeTotals(cart), cart };
			const refund = this._makeRefund(session, cap, rOrder, { status: this.approvedRefundStatus });
			Object.assign(refund, r);
			session.data.refunds.push(refund);
		}
		this._refresh(session);
		return session;
	}

	/** Seed a token. Extra keys: owner, chargeOutcome ('approved' | 'pending' | 'rejected'). */
	seedToken(partial = {}) {
		const p = clone(partial);
		const { owner, chargeOutcome } = p;
		delete p.owner;
		delete p.chargeOutcome;
		const customerType = p.customerType || 'consumer';
		const expiry = new Date();
		expiry.setFullYear(expiry.getFullYear() + 3);
		const token = {
			tokenId: uuid(),
			initialSessionId: uuid(),
			state: 'active',
			country: 'SE',
			locale: 'sv-se',
			product: { type: 'payment' },
			customerType,
			expiryDate: expiry.toISOString(),
			createdAt: nowIso(),
			paymentMethod: { pspId: uuid(), name: 'card', category: 'card', pspDisplayName: 'Card' },
			chargeSessions: [],
			data: {
				...(customerType === 'business'
					? { company: { cin: '5560000000', name: 'Test Company AB' } }
					: { consumer: { dateOfBirth: '1970-01-01', name: 'Test Person' } }),
				billing: defaultAddress(p.country || 'SE', customerType),
			},
			...p,
		};
		const key = token.tokenId.toLowerCase();
		this.tokens.set(key, token);
		this.tokenMeta.set(key, { owner, chargeOutcome: chargeOutcome || 'approved' });
		return token;
	}
}

module.exports = {
	BriqpayState,
	StateError,
	defaultOrder,
	isApprovedCapture,
	isApprovedRefund,
	DEFAULT_PSP,
};
