'use strict';

/**
 * Tiny schema helpers. Every failure is a 400 INVALID_DATA whose message names the
 * offending path (e.g. `data.order.cart[1].unitPrice`). [ref] error code INVALID_DATA
 */

const { invalid } = require('./errors');
const { isPlainObject, isUuid } = require('./util');

const describe = (v) => {
	if (v === undefined) return 'undefined';
	if (v === null) return 'null';
	if (typeof v === 'string') return JSON.stringify(v.length > 40 ? `${v.slice(0, 40)}…` : v);
	if (Array.isArray(v)) return 'an array';
	if (typeof v === 'object') return 'an object';
	return String(v);
};

function object(v, path, { required = true } = {}) {
	if (v === undefined && !required) return false;
	if (!isPlainObject(v)) throw invalid(`${path} must be an object (got ${describe(v)})`);
	return true;
}

function array(v, path, { required = true, min = 0, max = Infinity } = {}) {
	if (v === undefined && !required) return false;
	if (!Array.isArray(v)) throw invalid(`${path} must be an array (got ${describe(v)})`);
	if (v.length < min) throw invalid(`${path} must contain at least ${min} item(s)`);
	if (v.length > max) throw invalid(`${path} must contain at most ${max} items (got ${v.length})`);
	return true;
}

function string(v, path, { required = true, max = Infinity, min = 0, pattern, patternText } = {}) {
	if (v === undefined && !required) return false;
	if (typeof v !== 'string') throw invalid(`${path} must be a string (got ${describe(v)})`);
	if (v.length < min) throw invalid(`${path} must not be empty`);
	if (v.length > max) throw invalid(`${path} must be at most ${max} characters (got ${v.length})`);
	if (pattern && !pattern.test(v))
		throw invalid(`${path} must be ${patternText || `matching ${pattern}`} (got ${describe(v)})`);
	return true;
}

/** Money and rates are integers (minor units / basis points). [ref] */
function integer(v, path, { required = true, min = -Infinity, max = Infinity } = {}) {
	if (v === undefined && !required) return false;
	if (typeof v !== 'number' || !Number.isSafeInteger(v)) {
		throw invalid(`${path} must be an integer (got ${describe(v)})`);
	}
	if (v < min) throw invalid(`${path} must be >= ${min} (got ${v})`);
	if (v > max) throw invalid(`${path} must be <= ${max} (got ${v})`);
	return true;
}

function boolean(v, path, { required = true } = {}) {
	if (v === undefined && !required) return false;
	if (typeof v !== 'boolean') throw invalid(`${path} must be a boolean (got ${describe(v)})`);
	return true;
}

function oneOf(v, path, allowed, { required = true } = {}) {
	if (v === undefined && !required) return false;
	if (!allowed.includes(v))
		throw invalid(`${path} must be one of ${allowed.join(', ')} (got ${describe(v)})`);
	return true;
}

function uuidField(v, path, { required = true } = {}) {
	if (v === undefined && !required) return false;
	if (!isUuid(v)) throw invalid(`${path} must be a UUID (got ${describe(v)})`);
	return true;
}

function httpUrl(v, path, { required = true } = {}) {
	if (v === undefined && !required) return false;
	string(v, path);
	let u;
	try {
		u = new URL(v);
	} catch {
		throw invalid(`${path} must be an absolute http(s) URL (got ${describe(v)})`);
	}
	if (u.protocol !== 'http:' && u.protocol !== 'https:') {
		throw invalid(`${path} must be an absolute http(s) URL (got ${describe(v)})`);
	}
	return true;
}

/** Strict mode: keys not in the reference schema are refused. [guess] (configurable: strictUnknownFields) */
function noUnknownKeys(obj, allowed, path, strict) {
	if (!strict) return;
	for (const k of Object.keys(obj)) {
		if (!allowed.includes(k)) {
			throw invalid(
				`${path ? `${path}.` : ''}${k} is not allowed (allowed: ${allowed.join(', ')})`,
			);
		}
	}
}

module.exports = {
	object,
	array,
	string,
	integer,
	boolean,
	oneOf,
	uuidField,
	httpUrl,
	noUnknownKeys,
	describe,
};
