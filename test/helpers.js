'use strict';

/**
 * Shared set-up of the package's tests: one fake Briqpay server and one n8n engine harness per
 * test file, and a `briqpay()` shortcut that runs the Briqpay node through n8n-core.
 */
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const { createHarness } = require('./harness');
const { FakeBriqpay } = require('./fake-briqpay');

const USERNAME = 'test-user';
const SECRET = 'test-secret-s3cr3t';
const BASIC = `Basic ${Buffer.from(`${USERNAME}:${SECRET}`).toString('base64')}`;
/** A Briqpay id (session, capture, refund, token, hosted page). */
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

function setup({ fakeOptions } = {}) {
	const ctx = {};
	beforeAll(async () => {
		ctx.fake = new FakeBriqpay({
			accounts: [
				{ username: USERNAME, secret: SECRET },
				{ username: 'expired-user', secret: 'old-secret', expired: true },
			],
			...fakeOptions,
		});
		await ctx.fake.start({ port: 0 });
		ctx.harness = await createHarness();
		ctx.credentials = {
			briqpayApi: {
				username: USERNAME,
				secret: SECRET,
				environment: 'custom',
				baseUrl: ctx.fake.baseUrl,
			},
		};
	});
	afterAll(async () => {
		await ctx.harness?.close();
		await ctx.fake?.stop();
	});
	beforeEach(() => {
		ctx.fake.clearRequests();
		ctx.fake.clearFailures();
	});

	/** Runs the Briqpay node once with these parameters over these input items. */
	ctx.briqpay = (
		parameters,
		{ items = [{ json: {} }], continueOnFail = false, credentials } = {},
	) =>
		ctx.harness.runNode({
			node: { type: 'briqpay', name: 'Briqpay', parameters, continueOnFail },
			credentials: credentials ?? ctx.credentials,
			items,
		});

	/** API requests the fake received (control calls excluded). */
	ctx.requests = () => ctx.fake.requests;
	/** `METHOD path` of every API request the fake received, in order. */
	ctx.calls = () => ctx.requests().map((r) => `${r.method} ${r.path}`);
	/** The POST requests the fake received, in order. */
	ctx.posts = () => ctx.requests().filter((r) => r.method === 'POST');
	return ctx;
}

/** A cart as the UI's Cart Lines field stores it. */
function cartLines(...lines) {
	return { line: lines };
}

const coffee = {
	productType: 'physical',
	name: 'Coffee beans 1 kg',
	reference: 'SKU-1',
	quantity: 2,
	quantityUnit: 'pcs',
	unitPrice: 12500,
	taxRate: 1200,
	discountPercentage: 0,
};

/** Token → Charge of one coffee line in SEK: the parameters most charge tests start from. */
function chargeToken(tokenId, extra = {}) {
	return {
		resource: 'token',
		operation: 'charge',
		tokenId,
		orderInput: 'lines',
		currency: 'SEK',
		cartLines: cartLines(coffee),
		...extra,
	};
}

/** Everything a caller could see of a run: items, error, logs — to search for the secret. */
function everythingSeen(run) {
	const error = run.error
		? JSON.stringify({
				message: run.error.message,
				description: run.error.description,
				...run.error,
			})
		: '';
	return (
		JSON.stringify(run.items ?? []) +
		error +
		JSON.stringify(run.logs ?? []) +
		JSON.stringify(run.runData ?? {})
	);
}

const ROOT = path.resolve(__dirname, '..');

/**
 * The package as a newly started n8n process loads it: a copy of package.json and dist/ (its
 * node_modules linked to ours, so n8n-workflow stays one copy), loaded by a new harness. Module
 * state (the trigger's memory of events) starts empty; only what the test carries over, such as
 * the workflow static data n8n saved, survives. `close()` also deletes the copy.
 */
async function restartedHarness() {
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'briqpay-restarted-'));
	fs.copyFileSync(path.join(ROOT, 'package.json'), path.join(dir, 'package.json'));
	fs.cpSync(path.join(ROOT, 'dist'), path.join(dir, 'dist'), { recursive: true });
	fs.symlinkSync(path.join(ROOT, 'node_modules'), path.join(dir, 'node_modules'), 'dir');
	const harness = await createHarness({ packageDir: dir });
	const close = harness.close.bind(harness);
	harness.close = async () => {
		await close();
		fs.rmSync(dir, { recursive: true, force: true });
	};
	return harness;
}

// The fake's default order: 2 × T-shirt 100.00 + shipping 49.00, all at 25 % VAT = 311.25 SEK.
const TSHIRT = {
	productType: 'physical',
	reference: 'sku-tshirt',
	name: 'T-shirt',
	quantity: 2,
	quantityUnit: 'pcs',
	unitPrice: 10000,
	taxRate: 2500,
};
const SHIPPING = {
	productType: 'shipping_fee',
	reference: 'shipping',
	name: 'Shipping',
	quantity: 1,
	quantityUnit: 'pcs',
	unitPrice: 4900,
	taxRate: 2500,
};
/** A line as the fake stores it (with discountPercentage 0), e.g. for seeding captures. */
const stored = (line, quantity = line.quantity) => ({ ...line, quantity, discountPercentage: 0 });

module.exports = {
	setup,
	TSHIRT,
	SHIPPING,
	stored,
	cartLines,
	coffee,
	chargeToken,
	USERNAME,
	SECRET,
	BASIC,
	UUID,
	everythingSeen,
	restartedHarness,
};
