'use strict';

/**
 * Basic auth on every /v3 call. [ref] Authorization: "Basic <base64(username:secret)>";
 * 403 with INVALID_CREDENTIALS | INVALID_API_KEY | AUTH_SECRET_EXPIRED.
 * Mapping (ours, [guess] where the pages are silent):
 *   missing / malformed header, wrong secret -> INVALID_CREDENTIALS
 *   unknown username                         -> INVALID_API_KEY
 *   right secret, account flagged expired    -> AUTH_SECRET_EXPIRED
 */

const crypto = require('node:crypto');
const { ApiError } = require('./errors');

const deny = (code, message) => new ApiError(403, code, message);

function safeEqual(a, b) {
	const ha = crypto.createHash('sha256').update(String(a)).digest();
	const hb = crypto.createHash('sha256').update(String(b)).digest();
	return crypto.timingSafeEqual(ha, hb);
}

/** Returns the authenticated username or throws a 403 ApiError. */
function authenticate(header, accounts) {
	if (!header) throw deny('INVALID_CREDENTIALS', 'Missing Authorization header');
	const m = /^Basic +([A-Za-z0-9+/]+={0,2})\s*$/i.exec(String(header));
	if (!m)
		throw deny(
			'INVALID_CREDENTIALS',
			'Authorization header must be "Basic <base64(username:secret)>"',
		);
	const decoded = Buffer.from(m[1], 'base64').toString('utf8');
	const idx = decoded.indexOf(':');
	if (idx <= 0)
		throw deny(
			'INVALID_CREDENTIALS',
			'Authorization header must be "Basic <base64(username:secret)>"',
		);
	const username = decoded.slice(0, idx);
	const secret = decoded.slice(idx + 1);
	const account = accounts.find((a) => a.username === username);
	if (!account) throw deny('INVALID_API_KEY', 'Unknown API key');
	if (!safeEqual(secret, account.secret)) throw deny('INVALID_CREDENTIALS', 'Invalid credentials');
	if (account.expired) throw deny('AUTH_SECRET_EXPIRED', 'The API secret has expired');
	return username;
}

module.exports = { authenticate };
