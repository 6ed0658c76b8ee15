'use strict';

/** Hosted pages of open sessions. Mixed into BriqpayState (./index.js); `this` is the whole state. */

const { invalid } = require('../errors');
const { uuid, clone, nowIso } = require('../util');

const hostedPages = {
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
	},
};

module.exports = { hostedPages };
