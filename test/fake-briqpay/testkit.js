'use strict';

/** Shared helpers of the fake Briqpay's self-tests (test/fake-briqpay/*.test.js). */

const http = require('node:http');
const { FakeBriqpay, computeTotals } = require('.');

const USER = 'test-user';
const SECRET = 'test-secret-s3cr3t';
const basic = (u, s) => `Basic ${Buffer.from(`${u}:${s}`).toString('base64')}`;
const AUTH = basic(USER, SECRET);

/** A started fake with the accounts the self-tests use (one valid, one with an expired secret). */
async function startFake() {
	const fake = new FakeBriqpay({
		accounts: [
			{ username: USER, secret: SECRET },
			{ username: 'expired-user', secret: 'x', expired: true },
		],
		hookRetry: { attempts: 3, delayMs: 10 },
	});
	await fake.start({ port: 0 });
	return fake;
}

/**
 * An `api(method, path, body, opts)` helper for the fake that getFake() returns: it resolves to
 * {status, headers, body (parsed JSON or text or undefined), text}.
 */
/** A fresh fake for every test of the file, stopped after it; `use(fake)` receives each one. */
function freshFakeEachTest(use) {
	let fake;
	beforeEach(async () => {
		fake = await startFake();
		use(fake);
	});
	afterEach(async () => {
		await fake.stop();
	});
}

function apiOf(getFake) {
	return async function api(method, p, body, { auth = AUTH, headers = {}, raw } = {}) {
		const h = { ...headers };
		if (auth) h.authorization = auth;
		let payload;
		if (raw !== undefined) payload = raw;
		else if (body !== undefined) {
			payload = JSON.stringify(body);
			h['content-type'] ??= 'application/json';
		}
		const res = await fetch(getFake().baseUrl + p, { method, headers: h, body: payload });
		const text = await res.text();
		let parsed;
		try {
			parsed = text ? JSON.parse(text) : undefined;
		} catch {
			parsed = text;
		}
		return { status: res.status, headers: res.headers, body: parsed, text };
	};
}

function order(cart, currency = 'SEK') {
	return { currency, ...computeTotals(cart), cart };
}

const LINE_SHIRT = {
	productType: 'physical',
	reference: 'shirt',
	name: 'Shirt',
	quantity: 2,
	quantityUnit: 'pcs',
	unitPrice: 10000,
	taxRate: 2500,
};
const LINE_BOOK = {
	productType: 'physical',
	reference: 'book',
	name: 'Book',
	quantity: 1,
	quantityUnit: 'pcs',
	unitPrice: 20000,
	taxRate: 600,
};

function createBody(overrides = {}) {
	return {
		product: { type: 'payment', intent: 'payment_one_time' },
		customerType: 'consumer',
		country: 'SE',
		locale: 'sv-se',
		urls: { terms: 'https://shop.example/terms', redirect: 'https://shop.example/thanks' },
		references: { reference1: 'order-1' },
		data: { order: order([LINE_SHIRT, LINE_BOOK]) },
		...overrides,
	};
}

/** A local hook receiver; answers with statuses from `plan` (then 200). */
async function startReceiver(plan = []) {
	const received = [];
	const server = http.createServer((req, res) => {
		let raw = '';
		req.on('data', (c) => (raw += c));
		req.on('end', () => {
			received.push({
				method: req.method,
				url: req.url,
				headers: req.headers,
				raw,
				body: raw ? JSON.parse(raw) : undefined,
			});
			res.writeHead(plan.length ? plan.shift() : 200);
			res.end();
		});
	});
	await new Promise((r) => server.listen(0, '127.0.0.1', r));
	const url = `http://127.0.0.1:${server.address().port}`;
	return {
		url,
		received,
		close: () =>
			new Promise((r) => {
				server.close(r);
				server.closeAllConnections();
			}),
	};
}

module.exports = {
	freshFakeEachTest,
	USER,
	SECRET,
	basic,
	AUTH,
	startFake,
	apiOf,
	order,
	LINE_SHIRT,
	LINE_BOOK,
	createBody,
	startReceiver,
};
