'use strict';

/**
 * The token aggregate: tokens made by tokenizing sessions, charges of a saved token, delete,
 * seeding. Mixed into BriqpayState (./index.js); `this` is the whole state.
 */

const { invalid } = require('../errors');
const { uuid, clone, nowIso } = require('../util');
const { checkCustomerData } = require('../rules');
const { DEFAULT_PSP, defaultAddress } = require('./common');

const tokens = {
	findToken(id, owner) {
		const key = String(id).toLowerCase();
		const t = this.tokens.get(key);
		if (!t || !this._visible(this.tokenMeta.get(key), owner)) throw this.notFound('Token');
		return t;
	},

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
	},

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
	},

	/** DELETE /v3/token/:id [doc] — state becomes inactive; idempotent. */
	deleteToken(id, owner) {
		const token = this.findToken(id, owner);
		token.state = 'inactive';
	},

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
	},
};

module.exports = { tokens };
