'use strict';

/**
 * Express-like request and response objects for webhook calls.
 *
 * The request carries what n8n's webhook server gives a node after its raw-body reader and
 * body parser ran: `req.rawBody` is a Buffer of the exact bytes sent, `req.body` is parsed from
 * those bytes by content type (JSON, x-www-form-urlencoded, text/plain), headers are
 * lower-cased, `req.query` / `req.params` / `req.method` / `req.path` are set. The response
 * records every status, header and body write so a test can read what the caller received.
 */

const { EventEmitter } = require('node:events');
const { PassThrough } = require('node:stream');
const { STATUS_CODES } = require('node:http');
const querystring = require('node:querystring');

function lowerCaseHeaders(headers = {}) {
	const out = {};
	for (const [key, value] of Object.entries(headers)) {
		if (value !== undefined) out[key.toLowerCase()] = Array.isArray(value) ? value : String(value);
	}
	return out;
}

function parseContentType(header) {
	if (!header) return { contentType: undefined, encoding: 'utf-8' };
	const [type, ...params] = String(header).split(';');
	let encoding = 'utf-8';
	for (const param of params) {
		const [key, value] = param.split('=').map((part) => part.trim());
		if (key?.toLowerCase() === 'charset' && value) encoding = value.replace(/"/g, '').toLowerCase();
	}
	return { contentType: type.trim().toLowerCase(), encoding };
}

/** Thrown when the body cannot be parsed; n8n answers 422 (UnprocessableRequestError). */
class BodyParseError extends Error {
	constructor(hint) {
		super('Failed to parse request body');
		this.httpStatusCode = 422;
		this.errorCode = 422;
		this.hint = hint;
	}
}

/** Parses like n8n's `parseBody`: only known content types, only a non-empty body. */
function parseBody(rawBody, contentType, encoding) {
	if (!rawBody.length) return undefined;
	const text = rawBody.toString(encoding === 'utf8' ? 'utf-8' : encoding);
	try {
		if (contentType === 'application/json') return JSON.parse(text);
		if (contentType === 'application/x-www-form-urlencoded') {
			return { ...querystring.parse(text, undefined, undefined, { maxKeys: 1000 }) };
		}
		if (contentType === 'text/plain') return text;
	} catch (error) {
		throw new BodyParseError(error.message);
	}
	if (contentType?.endsWith('/xml') || contentType?.endsWith('+xml')) {
		throw new Error('XML request bodies are not supported by the test harness');
	}
	return undefined;
}

/**
 * @param {object} request
 * @param {string} request.method
 * @param {string} request.urlPath e.g. '/webhook/<id>/webhook'
 * @param {object} [request.headers]
 * @param {object} [request.query]
 * @param {object|string} [request.body]
 * @param {Buffer|string} [request.rawBody]
 * @param {object} [request.params]
 */
function createRequest({
	method,
	urlPath,
	headers,
	query,
	body,
	rawBody,
	params,
	nodeVersion = 1,
}) {
	const lowered = lowerCaseHeaders(headers);
	let raw;
	if (rawBody !== undefined) {
		raw = Buffer.isBuffer(rawBody) ? Buffer.from(rawBody) : Buffer.from(String(rawBody), 'utf8');
	} else if (typeof body === 'string') {
		raw = Buffer.from(body, 'utf8');
	} else if (body !== undefined) {
		raw = Buffer.from(JSON.stringify(body), 'utf8');
	} else {
		raw = Buffer.alloc(0);
	}
	if (lowered['content-type'] === undefined && body !== undefined && typeof body !== 'string') {
		lowered['content-type'] = 'application/json';
	}
	if (raw.length && lowered['content-length'] === undefined) {
		lowered['content-length'] = String(raw.length);
	}
	lowered.host = lowered.host ?? '127.0.0.1:5678';

	const { contentType, encoding } = parseContentType(lowered['content-type']);
	const search = query && Object.keys(query).length ? `?${querystring.stringify(query)}` : '';

	const req = new PassThrough();
	req.end(raw);
	Object.assign(req, {
		method: method.toUpperCase(),
		url: `${urlPath}${search}`,
		originalUrl: `${urlPath}${search}`,
		path: urlPath,
		baseUrl: '',
		hostname: lowered.host.split(':')[0],
		ip: '127.0.0.1',
		ips: [],
		protocol: 'http',
		secure: false,
		httpVersion: '1.1',
		headers: lowered,
		query: structuredClone(query ?? {}),
		params: structuredClone(params ?? {}),
		cookies: {},
		rawBody: raw,
		_body: true,
		contentType,
		encoding,
		readRawBody: async () => {},
		get(name) {
			return lowered[String(name).toLowerCase()];
		},
		header(name) {
			return lowered[String(name).toLowerCase()];
		},
	});
	// n8n (webhook-helpers parseRequestBody) reads the body of a version-1 node whatever its type,
	// and for later versions only JSON, text, form and XML bodies: otherwise req.body and
	// req.rawBody stay unset.
	if (nodeVersion > 1 && !readsBody(contentType)) {
		req.rawBody = undefined;
		req.body = undefined;
		return req;
	}
	// The body n8n hands the node is parsed from the raw bytes, never the object the test built.
	const parsed = parseBody(raw, contentType, encoding);
	req.body = parsed === undefined ? {} : parsed;
	return req;
}

function readsBody(contentType) {
	return Boolean(
		contentType &&
			(contentType.startsWith('application/json') ||
				contentType.startsWith('text/plain') ||
				contentType.startsWith('application/x-www-form-urlencoded') ||
				contentType.endsWith('/xml') ||
				contentType.endsWith('+xml')),
	);
}

const MIME_SHORTHANDS = {
	json: 'application/json',
	html: 'text/html',
	text: 'text/plain',
	xml: 'application/xml',
};

class HarnessResponse extends EventEmitter {
	constructor() {
		super();
		this.statusCode = 200;
		this.statusMessage = undefined;
		this.headersMap = {};
		this.chunks = [];
		this.headersSent = false;
		this.writableEnded = false;
		this.finished = false;
		this.closed = false;
		this.locals = {};
		this.calls = [];
	}

	status(code) {
		this.calls.push(['status', code]);
		this.statusCode = code;
		return this;
	}

	sendStatus(code) {
		this.status(code);
		return this.type('text').send(STATUS_CODES[code] ?? String(code));
	}

	setHeader(name, value) {
		this.headersMap[String(name).toLowerCase()] = Array.isArray(value) ? value : String(value);
		return this;
	}

	set(field, value) {
		if (typeof field === 'object') {
			for (const [key, v] of Object.entries(field)) this.setHeader(key, v);
		} else {
			this.setHeader(field, value);
		}
		return this;
	}

	header(field, value) {
		return this.set(field, value);
	}

	append(field, value) {
		const key = String(field).toLowerCase();
		const prev = this.headersMap[key];
		this.headersMap[key] = prev === undefined ? value : [].concat(prev, value);
		return this;
	}

	getHeader(name) {
		return this.headersMap[String(name).toLowerCase()];
	}

	get(name) {
		return this.getHeader(name);
	}

	getHeaders() {
		return { ...this.headersMap };
	}

	hasHeader(name) {
		return String(name).toLowerCase() in this.headersMap;
	}

	removeHeader(name) {
		delete this.headersMap[String(name).toLowerCase()];
	}

	type(type) {
		return this.setHeader('content-type', MIME_SHORTHANDS[type] ?? type);
	}

	contentType(type) {
		return this.type(type);
	}

	writeHead(statusCode, headers) {
		this.statusCode = statusCode;
		if (headers) this.set(headers);
		this.headersSent = true;
		return this;
	}

	json(body) {
		this.calls.push(['json', body]);
		if (!this.hasHeader('content-type'))
			this.setHeader('content-type', 'application/json; charset=utf-8');
		return this.send(JSON.stringify(body));
	}

	send(body) {
		this.calls.push(['send', body]);
		if (body === null || body === undefined) return this.end();
		if (Buffer.isBuffer(body)) {
			if (!this.hasHeader('content-type'))
				this.setHeader('content-type', 'application/octet-stream');
			return this.end(body);
		}
		if (typeof body === 'object') return this.json(body);
		if (typeof body === 'boolean' || typeof body === 'number') return this.json(body);
		if (!this.hasHeader('content-type')) this.setHeader('content-type', 'text/html; charset=utf-8');
		return this.end(body);
	}

	redirect(statusOrUrl, maybeUrl) {
		const [code, url] =
			typeof statusOrUrl === 'number' ? [statusOrUrl, maybeUrl] : [302, statusOrUrl];
		this.status(code).setHeader('location', url);
		return this.end();
	}

	write(chunk, encoding) {
		if (this.writableEnded) throw new Error('write after end');
		this.headersSent = true;
		if (chunk !== undefined && chunk !== null) {
			this.chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk), encoding));
		}
		return true;
	}

	/** The caller hung up: 'close' without 'finish'; whatever is sent afterwards goes nowhere. */
	dropConnection() {
		if (this.closed) return;
		this.closed = true;
		this.destroyed = true;
		this.emit('close');
	}

	end(chunk, encoding) {
		if (this.writableEnded) return this;
		if (this.destroyed) {
			this.writableEnded = true;
			return this;
		}
		if (typeof chunk === 'function') chunk = undefined;
		if (chunk !== undefined && chunk !== null) this.write(chunk, encoding);
		this.headersSent = true;
		this.writableEnded = true;
		this.finished = true;
		this.closed = true;
		this.emit('finish');
		this.emit('close');
		return this;
	}

	flushHeaders() {
		this.headersSent = true;
	}

	/** True when anything was sent (status line, headers or body). */
	get responded() {
		return this.headersSent || this.writableEnded;
	}

	get text() {
		return this.chunks.length ? Buffer.concat(this.chunks).toString('utf8') : undefined;
	}

	/** The body as the caller would read it: parsed JSON for JSON responses, text otherwise. */
	get body() {
		const { text } = this;
		if (text === undefined) return undefined;
		const contentType = String(this.getHeader('content-type') ?? '');
		if (contentType.includes('json')) {
			try {
				return JSON.parse(text);
			} catch {
				return text;
			}
		}
		return text;
	}
}

module.exports = { createRequest, HarnessResponse, BodyParseError };
