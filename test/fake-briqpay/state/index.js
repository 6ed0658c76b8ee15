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
/*
 * One class, composed from one file per aggregate (each an object of methods sharing `this`):
 *   sessions.js     sessions: create, update, references, decision, completion, seeding
 *   orders.js       a completed session's order: transaction, captures, refunds, cancel
 *   tokens.js       saved tokens: tokenization, charge, delete, seeding
 *   hostedPages.js  hosted pages
 *   transitions.js  test-side transitions (customer / back office)
 *   common.js       constants and defaults they share
 */

const { ApiError } = require('../errors');
const { sessions } = require('./sessions');
const { orders } = require('./orders');
const { tokens } = require('./tokens');
const { hostedPages } = require('./hostedPages');
const { transitions } = require('./transitions');
const { StateError } = require('./common');

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

	// ---------------------------------------------------------------- lookups

	notFound(what) {
		return new ApiError(this.opts.notFoundStatus, 'NOT_FOUND', `${what} not found`);
	}

	/** Sessions/tokens belong to the account that created them; seeds without owner are visible to all. */
	_visible(meta, owner) {
		return !meta || !meta.owner || owner === undefined || meta.owner === owner;
	}
}

for (const aggregate of [sessions, orders, tokens, hostedPages, transitions])
	Object.defineProperties(BriqpayState.prototype, Object.getOwnPropertyDescriptors(aggregate));

module.exports = {
	BriqpayState,
	StateError,
};
