'use strict';

/**
 * Order / cart rules and the totals formula.
 *
 * [ref]    all amounts integers in minor units; taxRate and discountPercentage in basis points;
 *          line fields and their limits (name/reference <= 256, quantity >= 1, quantityUnit <= 10);
 *          US sales tax = one `sales_tax` line {productType, name, reference?, totalTaxAmount};
 *          'adjustment' lines only on refunds (003).
 * [plugin] header totals must match the lines, rounded per line:
 *            net = roundHalfAwayFromZero(unitPrice * quantity * (10000 - discountPercentage) / 10000)
 *            vat = roundHalfAwayFromZero(net * taxRate / 10000)
 *            amountExVat  = Σ net
 *            amountIncVat = Σ (net + vat) + Σ totalTaxAmount (sales_tax lines)
 * Exact integer arithmetic (BigInt) so that large amounts never suffer float error.
 */

const v = require('./validate');
const { invalid } = require('./errors');

// [ref] 000/001 list six types; README [ref] adds gift_card; 003 adds adjustment (refunds only).
const REGULAR_TYPES = [
	'physical',
	'digital',
	'discount',
	'shipping_fee',
	'deposit',
	'surcharge',
	'gift_card',
];
const REGULAR_KEYS = [
	'productType',
	'reference',
	'name',
	'quantity',
	'quantityUnit',
	'unitPrice',
	'taxRate',
	'discountPercentage',
];
const SALES_TAX_KEYS = ['productType', 'name', 'reference', 'totalTaxAmount'];
const ORDER_KEYS = ['currency', 'amountIncVat', 'amountExVat', 'cart'];

/** Integer division n/d (BigInt, d > 0) rounded half away from zero. */
function roundDiv(n, d) {
	const q = n / d; // truncates toward zero
	const r = n % d;
	const absR = r < 0n ? -r : r;
	if (2n * absR >= d) return q + (n < 0n ? -1n : 1n);
	return q;
}

/** Number version, for callers that want it (x may be fractional). */
function roundHalfAwayFromZero(x) {
	return x < 0 ? -Math.round(-x) : Math.round(x);
}

/** { net, vat } of one cart line (sales_tax: net 0, vat = totalTaxAmount). */
function lineAmounts(line) {
	if (line.productType === 'sales_tax') return { net: 0, vat: line.totalTaxAmount };
	const discount = BigInt(line.discountPercentage ?? 0);
	const net = roundDiv(
		BigInt(line.unitPrice) * BigInt(line.quantity) * (10000n - discount),
		10000n,
	);
	const vat = roundDiv(net * BigInt(line.taxRate), 10000n);
	return { net: Number(net), vat: Number(vat) };
}

/** Header totals a correct client must send for this cart. */
function computeTotals(cart) {
	let ex = 0n;
	let inc = 0n;
	for (const line of cart) {
		const { net, vat } = lineAmounts(line);
		ex += BigInt(net);
		inc += BigInt(net) + BigInt(vat);
	}
	return { amountExVat: Number(ex), amountIncVat: Number(inc) };
}

function validateLine(line, path, { allowAdjustment, strict }) {
	v.object(line, path);
	if (line.productType === 'sales_tax') {
		v.noUnknownKeys(line, SALES_TAX_KEYS, path, strict);
		v.string(line.name, `${path}.name`, { min: 1, max: 256 });
		v.string(line.reference, `${path}.reference`, { required: false, max: 256 });
		v.integer(line.totalTaxAmount, `${path}.totalTaxAmount`);
		return;
	}
	const types = allowAdjustment
		? [...REGULAR_TYPES, 'adjustment', 'sales_tax']
		: [...REGULAR_TYPES, 'sales_tax'];
	if (line.productType === 'adjustment' && !allowAdjustment) {
		throw invalid(`${path}.productType 'adjustment' can only be used on refunds`);
	}
	v.oneOf(line.productType, `${path}.productType`, types);
	v.noUnknownKeys(line, REGULAR_KEYS, path, strict);
	v.string(line.name, `${path}.name`, { min: 1, max: 256 });
	v.string(line.reference, `${path}.reference`, { required: false, max: 256 });
	v.integer(line.quantity, `${path}.quantity`, { min: 1 });
	v.string(line.quantityUnit, `${path}.quantityUnit`, { min: 1, max: 10 });
	v.integer(line.unitPrice, `${path}.unitPrice`);
	v.integer(line.taxRate, `${path}.taxRate`, { min: 0, max: 10000 });
	v.integer(line.discountPercentage, `${path}.discountPercentage`, {
		required: false,
		min: 0,
		max: 10000,
	});
	// [ref] "When using 'discount', the unitPrice should be negative."
	if (line.productType === 'discount' && line.unitPrice > 0) {
		throw invalid(
			`${path}.unitPrice must be negative for productType 'discount' (got ${line.unitPrice})`,
		);
	}
}

/**
 * Validate an order object; throws 400 INVALID_DATA naming the path on the first problem.
 * opts.allowAdjustment: refunds only. opts.strict: refuse unknown keys.
 */
function validateOrder(order, path, opts = {}) {
	const strict = opts.strict !== false;
	v.object(order, path);
	v.noUnknownKeys(order, ORDER_KEYS, path, strict);
	v.string(order.currency, `${path}.currency`, {
		pattern: /^[A-Z]{3}$/,
		patternText: 'a 3-letter ISO 4217 code like SEK',
	});
	v.array(order.cart, `${path}.cart`, { min: 1 });
	order.cart.forEach((line, i) =>
		validateLine(line, `${path}.cart[${i}]`, { allowAdjustment: !!opts.allowAdjustment, strict }),
	);

	// [ref] US sales tax: one sales_tax line, every other line at taxRate 0.
	const salesTaxIdx = order.cart
		.map((l, i) => (l.productType === 'sales_tax' ? i : -1))
		.filter((i) => i >= 0);
	if (salesTaxIdx.length > 1)
		throw invalid(`${path}.cart may contain only one sales_tax line (found ${salesTaxIdx.length})`);
	if (salesTaxIdx.length === 1) {
		order.cart.forEach((l, i) => {
			if (l.productType !== 'sales_tax' && l.taxRate !== 0) {
				throw invalid(
					`${path}.cart[${i}].taxRate must be 0 when the cart has a sales_tax line (got ${l.taxRate})`,
				);
			}
		});
	}

	v.integer(order.amountExVat, `${path}.amountExVat`);
	v.integer(order.amountIncVat, `${path}.amountIncVat`);
	const expected = computeTotals(order.cart);
	if (order.amountExVat !== expected.amountExVat) {
		throw invalid(
			`${path}.amountExVat does not match the cart: expected ${expected.amountExVat}, got ${order.amountExVat}`,
		);
	}
	if (order.amountIncVat !== expected.amountIncVat) {
		throw invalid(
			`${path}.amountIncVat does not match the cart: expected ${expected.amountIncVat}, got ${order.amountIncVat}`,
		);
	}
	return expected;
}

/**
 * Identity of a cart line for capture/refund matching: `reference` + `taxRate`. [doc][plugin]
 * (A line without reference falls back to its name; sales_tax lines match each other.)
 */
function lineKey(line) {
	if (line.productType === 'sales_tax') return `sales_tax|${line.reference ?? line.name}`;
	const ref = line.reference !== undefined ? `ref:${line.reference}` : `name:${line.name}`;
	return `${ref}|tax:${line.taxRate}`;
}

/** "How much" of a line: quantity, or totalTaxAmount for a sales_tax line. */
const lineUnits = (line) =>
	line.productType === 'sales_tax' ? line.totalTaxAmount : line.quantity;

/** Map lineKey -> summed units over a cart. */
function unitsByKey(cart) {
	const m = new Map();
	for (const line of cart || [])
		m.set(lineKey(line), (m.get(lineKey(line)) || 0) + lineUnits(line));
	return m;
}

module.exports = {
	roundHalfAwayFromZero,
	computeTotals,
	validateOrder,
	lineKey,
	unitsByKey,
};
