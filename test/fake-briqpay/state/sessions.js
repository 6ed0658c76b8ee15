'use strict';

/**
 * The session aggregate: create, update, references, decision, completion, seeding. Mixed into
 * BriqpayState (./index.js); `this` is the whole state.
 */

const { invalid, badRequest } = require('../errors');
const { uuid, clone, nowIso, fakeClientToken } = require('../util');
const { computeTotals } = require('../money');
const { TOKENIZE_INTENTS, checkCustomerData } = require('../rules');
const { DEFAULT_PSP, StateError, defaultOrder, defaultAddress } = require('./common');

const TX_STATUS_FOR_ORDER = {
	order_pending: 'pending',
	order_approved_not_captured: 'approved',
	order_rejected: 'rejected',
	order_cancelled: 'cancelled',
};

const sessions = {
	findSession(id, owner) {
		const key = String(id).toLowerCase();
		const s = this.sessions.get(key);
		if (!s || !this._visible(this.meta.get(key), owner)) throw this.notFound('Session');
		return s;
	},

	metaOf(session) {
		return this.meta.get(session.sessionId.toLowerCase());
	},

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
	},

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
	},

	_psp(session) {
		return this.metaOf(session).psp || DEFAULT_PSP;
	},

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
	},

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
	},

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
	},

	/** PATCH /v3/session/:id/metadata — only while not completed. [plugin] */
	setMetadata(id, references, owner) {
		const session = this.findSession(id, owner);
		if (session.status === 'completed') {
			throw badRequest('UPDATE_NOT_ALLOWED', 'Session is completed and can no longer be updated');
		}
		session.references = { ...session.references, ...clone(references) };
	},

	/** PATCH /v3/session/:id/order/update/references — only once completed. [doc][plugin] */
	updateOrderReferences(id, references, owner) {
		const session = this.findSession(id, owner);
		if (session.status !== 'completed')
			throw badRequest('ORDER_NOT_COMPLETED', 'Session is not completed');
		session.references = { ...session.references, ...clone(references) };
	},

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
	},

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
	},
};

module.exports = { sessions };
