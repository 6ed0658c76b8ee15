'use strict';

/** The package's money math (dist/…/shared/money.js), the one place that computes order totals. */
const {
	buildOrder,
	computeTotals,
	roundHalfAwayFromZero,
	OrderProblem,
} = require('../dist/nodes/Briqpay/shared/money');

const line = (extra) => ({
	productType: 'physical',
	name: 'Item',
	quantity: 1,
	quantityUnit: 'pcs',
	unitPrice: 10000,
	taxRate: 2500,
	...extra,
});

test('rounds half away from zero, also for negative (discount) amounts', () => {
	expect([2.5, -2.5, 2.4999, -0.5, 0].map(roundHalfAwayFromZero)).toEqual([3, -3, 2, -1, 0]);
});

test('per-line rounding with discounts, discount lines and mixed VAT rates', () => {
	const cart = [
		line({ unitPrice: 999, quantity: 3, discountPercentage: 3333 }), // 2997 × 0.6667 = 1998.1 → 1998; VAT 499.5 → 500
		line({ unitPrice: 333, quantity: 1, taxRate: 1200 }), // VAT 39.96 → 40
		line({ productType: 'discount', unitPrice: -125, taxRate: 2500 }), // VAT −31.25 → −31
	];
	expect(computeTotals(cart)).toEqual({
		amountExVat: 1998 + 333 - 125,
		amountIncVat: 2498 + 373 - 156,
	});
});

test('the US sales_tax line adds its amount to the total including tax only', () => {
	const order = buildOrder({
		currency: 'usd',
		cart: [
			line({ taxRate: 0 }),
			{ productType: 'sales_tax', name: 'Sales tax', totalTaxAmount: 825 },
		],
	});
	expect(order).toMatchObject({ currency: 'USD', amountExVat: 10000, amountIncVat: 10825 });
});

test('given totals must match the lines', () => {
	expect(() =>
		buildOrder({ currency: 'SEK', cart: [line()], amountExVat: 10000, amountIncVat: 12499 }),
	).toThrow(/amountIncVat is 12499, but the cart lines add up to 12500/);
	expect(
		buildOrder({ currency: 'SEK', cart: [line()], amountExVat: 10000, amountIncVat: 12500 })
			.amountIncVat,
	).toBe(12500);
});

test.each([
	[[line({ quantity: 0 })], /quantity must be at least 1/],
	[[line({ unitPrice: '12.5' })], /unitPrice must be a whole number/],
	[[line({ taxRate: 10001 })], /taxRate must be at most 10000/],
	[[line({ quantityUnit: 'kilograms!!' })], /at most 10 characters/],
	[[line({ productType: 'adjustment' })], /only allowed on refunds/],
	[[line({ name: '' })], /name is required/],
	[[], /cart is empty/],
])('refuses bad lines: %j', (cart, message) => {
	expect(() => buildOrder({ currency: 'SEK', cart })).toThrow(OrderProblem);
	expect(() => buildOrder({ currency: 'SEK', cart })).toThrow(message);
});

test('adjustment lines are accepted where refunds allow them', () => {
	const order = buildOrder(
		{ currency: 'SEK', cart: [line({ productType: 'adjustment', unitPrice: 5000 })] },
		{ allowAdjustment: true },
	);
	expect(order.amountIncVat).toBe(6250);
});
