'use strict';

/** Fake Briqpay self-tests over real HTTP: cart and order validation and the totals formula. */

const { computeTotals, roundHalfAwayFromZero } = require('.');
const { order, LINE_SHIRT, LINE_BOOK, createBody, freshFakeEachTest, apiOf } = require('./testkit');

let fake;
const api = apiOf(() => fake);
freshFakeEachTest((started) => (fake = started));

describe('money', () => {
	test('rounding: half away from zero, per line', () => {
		expect(roundHalfAwayFromZero(2.5)).toBe(3);
		expect(roundHalfAwayFromZero(-2.5)).toBe(-3);
		// vat of a 1-unit line at 50 % = 0.5 -> 1; a -1 discount at 50 % -> -1 (Math.round would give -0)
		expect(
			computeTotals([
				{
					productType: 'physical',
					name: 'a',
					quantity: 1,
					quantityUnit: 'pc',
					unitPrice: 1,
					taxRate: 5000,
				},
			]),
		).toEqual({ amountExVat: 1, amountIncVat: 2 });
		expect(
			computeTotals([
				{
					productType: 'discount',
					name: 'd',
					quantity: 1,
					quantityUnit: 'pc',
					unitPrice: -1,
					taxRate: 5000,
				},
			]),
		).toEqual({ amountExVat: -1, amountIncVat: -2 });
	});

	test('correct totals accepted: discount line + discountPercentage with rounding + reduced rate', async () => {
		const cart = [
			// 1999 * 3 * (1 - 12.5 %) = 5247.375 -> 5247 net; vat 25 % = 1311.75 -> 1312
			{
				productType: 'physical',
				reference: 'p1',
				name: 'Thing',
				quantity: 3,
				quantityUnit: 'pcs',
				unitPrice: 1999,
				taxRate: 2500,
				discountPercentage: 1250,
			},
			// discount -500 net, vat -125
			{
				productType: 'discount',
				reference: 'promo',
				name: 'Promo',
				quantity: 1,
				quantityUnit: 'pcs',
				unitPrice: -500,
				taxRate: 2500,
			},
			// 4900 net, 12 % vat = 588
			{
				productType: 'shipping_fee',
				reference: 'ship',
				name: 'Shipping',
				quantity: 1,
				quantityUnit: 'pcs',
				unitPrice: 4900,
				taxRate: 1200,
			},
		];
		const good = { currency: 'SEK', amountExVat: 9647, amountIncVat: 11422, cart };
		const r = await api('POST', '/v3/session', createBody({ data: { order: good } }));
		expect(r.status).toBe(201);
		expect(r.body.data.order).toEqual(good);
	});

	test('totals mismatch -> 400 INVALID_DATA with expected vs got', async () => {
		const bad = { ...order([LINE_SHIRT, LINE_BOOK]) };
		bad.amountIncVat += 1;
		const r = await api('POST', '/v3/session', createBody({ data: { order: bad } }));
		expect(r.status).toBe(400);
		expect(r.body.error.code).toBe('INVALID_DATA');
		expect(r.body.error.message).toMatch(
			new RegExp(`expected ${bad.amountIncVat - 1}, got ${bad.amountIncVat}`),
		);
		// a float-rounded total (e.g. computed on the whole order instead of per line) is refused too
		const cart = [
			{
				productType: 'physical',
				name: 'a',
				quantity: 1,
				quantityUnit: 'pc',
				unitPrice: 1,
				taxRate: 5000,
			},
			{
				productType: 'physical',
				name: 'b',
				quantity: 1,
				quantityUnit: 'pc',
				unitPrice: 1,
				taxRate: 5000,
			},
		];
		const r2 = await api(
			'POST',
			'/v3/session',
			createBody({ data: { order: { currency: 'SEK', amountExVat: 2, amountIncVat: 3, cart } } }),
		);
		expect(r2.status).toBe(400);
		expect(r2.body.error.message).toMatch(/expected 4, got 3/);
	});

	test('US sales tax order accepted; sales_tax with taxed lines refused', async () => {
		const cart = [
			{
				productType: 'physical',
				reference: 'mug',
				name: 'Mug',
				quantity: 3,
				quantityUnit: 'pcs',
				unitPrice: 1299,
				taxRate: 0,
			},
			{ productType: 'sales_tax', name: 'Sales tax', reference: 'sales_tax', totalTaxAmount: 351 },
		];
		const us = { currency: 'USD', amountExVat: 3897, amountIncVat: 4248, cart };
		const ok = await api(
			'POST',
			'/v3/session',
			createBody({ country: 'US', locale: 'en-us', data: { order: us } }),
		);
		expect(ok.status).toBe(201);
		const taxed = { ...us, cart: [{ ...cart[0], taxRate: 800 }, cart[1]] };
		const bad = await api(
			'POST',
			'/v3/session',
			createBody({
				country: 'US',
				locale: 'en-us',
				data: { order: { ...taxed, ...computeTotals(taxed.cart) } },
			}),
		);
		expect(bad.status).toBe(400);
		expect(bad.body.error.message).toMatch(/cart\[0\]\.taxRate must be 0/);
	});

	test('non-integer money names the path; adjustment refused outside refunds; empty cart refused', async () => {
		const cart = [LINE_SHIRT, { ...LINE_BOOK, unitPrice: 199.5 }];
		let r = await api(
			'POST',
			'/v3/session',
			createBody({ data: { order: { currency: 'SEK', amountExVat: 1, amountIncVat: 1, cart } } }),
		);
		expect(r.status).toBe(400);
		expect(r.body.error.message).toMatch(/data\.order\.cart\[1\]\.unitPrice must be an integer/);
		r = await api(
			'POST',
			'/v3/session',
			createBody({
				data: {
					order: {
						currency: 'SEK',
						amountExVat: 1,
						amountIncVat: 1,
						cart: [{ ...LINE_SHIRT, quantity: '2' }],
					},
				},
			}),
		);
		expect(r.body.error.message).toMatch(/cart\[0\]\.quantity must be an integer/);
		r = await api(
			'POST',
			'/v3/session',
			createBody({ data: { order: order([{ ...LINE_SHIRT, productType: 'adjustment' }]) } }),
		);
		expect(r.body.error.message).toMatch(/adjustment/);
		r = await api(
			'POST',
			'/v3/session',
			createBody({
				data: { order: { currency: 'SEK', amountExVat: 0, amountIncVat: 0, cart: [] } },
			}),
		);
		expect(r.body.error.message).toMatch(/data\.order\.cart must contain at least 1/);
		r = await api(
			'POST',
			'/v3/session',
			createBody({ data: { order: order([{ ...LINE_SHIRT, taxRate: 10001 }]) } }),
		);
		expect(r.body.error.message).toMatch(/taxRate must be <= 10000/);
	});
});
