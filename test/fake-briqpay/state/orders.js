'use strict';

/**
 * The order aggregate of a completed session: transaction, captures, refunds, cancel, and the
 * derived order/capture/refund statuses. Mixed into BriqpayState (./index.js); `this` is the whole state.
 */

const { invalid, badRequest } = require('../errors');
const { uuid, clone, nowIso } = require('../util');
const { lineKey, unitsByKey } = require('../money');
const { isApprovedCapture, isApprovedRefund, sum } = require('./common');

const orders = {
	get approvedCaptureStatus() {
		return this.opts.recordStatusStyle === '003' ? 'approved' : 'captured';
	},

	get approvedRefundStatus() {
		return this.opts.recordStatusStyle === '003' ? 'approved' : 'refunded';
	},

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
	},

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
	},

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
	},

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
	},

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
	},

	_captureEvent(session, cap, status, { isPreExistingCapture = false } = {}) {
		return {
			event: 'capture_status',
			status,
			sessionId: session.sessionId,
			captureId: cap.captureId,
			autoCaptured: !!cap.autoCaptured,
			isPreExistingCapture,
		};
	},

	_refundEvent(session, refund, status) {
		return {
			event: 'refund_status',
			status,
			sessionId: session.sessionId,
			refundId: refund.refundId,
		};
	},

	_orderStatusOrThrow(session) {
		if (session.status !== 'completed')
			throw badRequest('ORDER_NOT_COMPLETED', 'Session is not completed');
		const os = session.moduleStatus.payment.orderStatus;
		if (!session.data.order || !os) throw invalid('Session has no order');
		return os;
	},

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
	},

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
	},

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
	},

	_cancel(session) {
		session.moduleStatus.payment.orderStatus = 'order_cancelled';
		session.data.transactions[0].status = 'cancelled';
		return [{ event: 'order_status', status: 'order_cancelled', sessionId: session.sessionId }];
	},
};

module.exports = { orders };
