'use strict';

/**
 * Test-side transitions: what the customer or Briqpay's back office does to a session and its order.
 * Mixed into BriqpayState (./index.js); `this` is the whole state.
 */

const { computeTotals } = require('../money');
const { StateError } = require('./common');

const transitions = {
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
	},
};

module.exports = { transitions };
