'use strict';

const crypto = require('node:crypto');

// Path ids are UUIDs of any version, compared case-insensitively. [ref] "Format: UUID"
const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const uuid = () => crypto.randomUUID();
const isUuid = (s) => typeof s === 'string' && UUID_RE.test(s);
const clone = (v) => (v === undefined ? undefined : structuredClone(v));
const nowIso = () => new Date().toISOString();
const isPlainObject = (v) => v !== null && typeof v === 'object' && !Array.isArray(v);

/**
 * `fields` query parameter: comma list of top-level fields, or 'none' (-> empty 204). [ref] 000, 001, 003
 * Returns { noContent: true } for 'none', otherwise { body } with only the asked keys.
 */
function applyFields(obj, fieldsParam) {
	if (fieldsParam === undefined || fieldsParam === null) return { body: obj };
	const names = String(fieldsParam)
		.split(',')
		.map((s) => s.trim())
		.filter(Boolean);
	if (names.length === 0) return { body: obj };
	if (names.length === 1 && names[0].toLowerCase() === 'none') return { noContent: true };
	const out = {};
	for (const name of names)
		if (Object.prototype.hasOwnProperty.call(obj, name)) out[name] = obj[name];
	return { body: out };
}

/** A cancellable sleep: resolves true after ms, or false when cancelled via the returned set. */
function makeSleeper() {
	const timers = new Map();
	return {
		sleep(ms) {
			return new Promise((resolve) => {
				const t = setTimeout(() => {
					timers.delete(t);
					resolve(true);
				}, ms);
				timers.set(t, resolve);
			});
		},
		cancelAll() {
			for (const [t, resolve] of timers) {
				clearTimeout(t);
				resolve(false);
			}
			timers.clear();
		},
	};
}

/** Fake JWT-looking client token (the real one is a JWT used by the client SDK). */
const FAKE_MERCHANT_ID = 'fake-merchant-0001';

function fakeClientToken(sessionId) {
	const b64 = (o) => Buffer.from(JSON.stringify(o)).toString('base64url');
	const head = b64({ alg: 'HS256', typ: 'JWT' });
	// [plugin] Briqpay's plugins read the merchant id from this token to link to the back office.
	const body = b64({
		sessionId,
		merchantId: FAKE_MERCHANT_ID,
		iat: Math.floor(Date.now() / 1000),
		iss: 'fake-briqpay',
	});
	const sig = crypto
		.createHash('sha256')
		.update(head + body)
		.digest('base64url');
	return `${head}.${body}.${sig}`;
}

module.exports = {
	FAKE_MERCHANT_ID,
	uuid,
	isUuid,
	clone,
	nowIso,
	isPlainObject,
	applyFields,
	makeSleeper,
	fakeClientToken,
};
