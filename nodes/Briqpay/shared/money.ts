import type { IDataObject } from 'n8n-workflow';

import { PRODUCT_TYPES } from './constants';

/**
 * All arithmetic on prices, discounts, VAT and totals (orderState.ts only adds up the amounts a
 * session read lists). All amounts are integers in minor units (1 SEK = 100);
 * taxRate and discountPercentage are basis points (25 % = 2500). [ref]
 *
 * Briqpay rejects an order whose header totals do not match its lines. [plugin] The totals are
 * computed per line, rounding each line half away from zero:
 *   net = round(unitPrice × quantity × (10000 − discountPercentage) / 10000)
 *   vat = round(net × taxRate / 10000)
 *   amountExVat  = Σ net
 *   amountIncVat = Σ (net + vat) + Σ totalTaxAmount of the US `sales_tax` line
 */

export interface CartLine extends IDataObject {
	productType: string;
	reference?: string;
	name: string;
	quantity: number;
	quantityUnit: string;
	unitPrice: number;
	taxRate: number;
	discountPercentage?: number;
}

interface SalesTaxLine extends IDataObject {
	productType: 'sales_tax';
	name: string;
	reference?: string;
	totalTaxAmount: number;
}

export type OrderLine = CartLine | SalesTaxLine;

export interface Order extends IDataObject {
	currency: string;
	amountExVat: number;
	amountIncVat: number;
	cart: OrderLine[];
}

interface Totals {
	amountExVat: number;
	amountIncVat: number;
}

/** A problem with one field of an order, with the path of that field. */
export class OrderProblem extends Error {
	constructor(
		readonly path: string,
		message: string,
	) {
		super(message);
	}
}

export function roundHalfAwayFromZero(value: number): number {
	return Math.sign(value) * Math.round(Math.abs(value));
}

/** The net price whose net + VAT is exactly `amountIncVat`, or undefined if none exists. */
export function netForGross(amountIncVat: number, taxRate: number): number | undefined {
	const guess = Math.round(amountIncVat / (1 + taxRate / 10000));
	for (const net of [guess, guess - 1, guess + 1, guess - 2, guess + 2]) {
		if (net + roundHalfAwayFromZero((net * taxRate) / 10000) === amountIncVat) return net;
	}
	return undefined;
}

export function isSalesTaxLine(line: OrderLine): line is SalesTaxLine {
	return line.productType === 'sales_tax';
}

function lineNet(line: CartLine): number {
	const discount = line.discountPercentage ?? 0;
	return roundHalfAwayFromZero((line.unitPrice * line.quantity * (10000 - discount)) / 10000);
}

function lineVat(line: CartLine): number {
	return roundHalfAwayFromZero((lineNet(line) * line.taxRate) / 10000);
}

export function computeTotals(cart: OrderLine[]): Totals {
	let amountExVat = 0;
	let amountIncVat = 0;
	for (const line of cart) {
		if (isSalesTaxLine(line)) {
			amountIncVat += line.totalTaxAmount;
			continue;
		}
		const net = lineNet(line);
		amountExVat += net;
		amountIncVat += net + lineVat(line);
	}
	return { amountExVat, amountIncVat };
}

export interface CartRules {
	/** `adjustment` lines are allowed on refunds only. [ref] */
	allowAdjustment?: boolean;
}

function checkInteger(value: unknown, path: string, min?: number, max?: number): number {
	if (typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value))) {
		value = Number(value);
	}
	if (typeof value !== 'number' || !Number.isInteger(value)) {
		throw new OrderProblem(
			path,
			`${path} must be a whole number in minor units (e.g. 12500 for 125.00), got ${JSON.stringify(value)}`,
		);
	}
	if (min !== undefined && value < min) {
		throw new OrderProblem(path, `${path} must be at least ${min}, got ${value}`);
	}
	if (max !== undefined && value > max) {
		throw new OrderProblem(path, `${path} must be at most ${max}, got ${value}`);
	}
	return value;
}

function checkText(
	value: unknown,
	path: string,
	maxLength: number,
	required: boolean,
): string | undefined {
	if (value === undefined || value === null || value === '') {
		if (required) throw new OrderProblem(path, `${path} is required`);
		return undefined;
	}
	const text = String(value);
	if (text.length > maxLength) {
		throw new OrderProblem(
			path,
			`${path} may have at most ${maxLength} characters, got ${text.length}`,
		);
	}
	return text;
}

/** Checks one cart and returns clean lines (numbers as numbers, no empty optional fields). */
function normaliseCart(cart: unknown, rules: CartRules = {}, path = 'cart'): OrderLine[] {
	if (!Array.isArray(cart) || cart.length === 0) {
		throw new OrderProblem(path, 'The cart is empty: add at least one line');
	}
	const allowed = new Set<string>([
		...PRODUCT_TYPES,
		...(rules.allowAdjustment ? ['adjustment'] : []),
	]);
	const lines = cart.map((raw, index): OrderLine => {
		const at = `${path}[${index}]`;
		if (typeof raw !== 'object' || raw === null) {
			throw new OrderProblem(at, `${at} must be an object with productType, name, quantity…`);
		}
		const line = raw as IDataObject;
		const productType = String(line.productType ?? '');
		if (productType === 'sales_tax') {
			return {
				productType: 'sales_tax',
				name: checkText(line.name, `${at}.name`, 256, true) as string,
				...(line.reference
					? { reference: checkText(line.reference, `${at}.reference`, 256, false) }
					: {}),
				totalTaxAmount: checkInteger(line.totalTaxAmount, `${at}.totalTaxAmount`, 0),
			};
		}
		if (!allowed.has(productType)) {
			const hint =
				productType === 'adjustment'
					? ' (adjustment lines are only allowed on refunds)'
					: ` (use one of: ${[...allowed].join(', ')}, or sales_tax)`;
			throw new OrderProblem(
				`${at}.productType`,
				`${at}.productType "${productType}" is not allowed${hint}`,
			);
		}
		const clean: CartLine = {
			productType,
			name: checkText(line.name, `${at}.name`, 256, true) as string,
			quantity: checkInteger(line.quantity, `${at}.quantity`, 1),
			quantityUnit: checkText(line.quantityUnit, `${at}.quantityUnit`, 10, true) as string,
			unitPrice: checkInteger(line.unitPrice, `${at}.unitPrice`),
			taxRate: checkInteger(line.taxRate, `${at}.taxRate`, 0, 10000),
		};
		const reference = checkText(line.reference, `${at}.reference`, 256, false);
		if (reference !== undefined) clean.reference = reference;
		if (
			line.discountPercentage !== undefined &&
			line.discountPercentage !== null &&
			line.discountPercentage !== ''
		) {
			const discount = checkInteger(line.discountPercentage, `${at}.discountPercentage`, 0, 10000);
			if (discount > 0) clean.discountPercentage = discount;
		}
		if (productType === 'discount' && clean.unitPrice > 0) {
			throw new OrderProblem(
				`${at}.unitPrice`,
				`${at} is a discount line, so its unitPrice must be negative (e.g. -5000 for 50.00 off)`,
			);
		}
		return clean;
	});
	const salesTax = lines.filter(isSalesTaxLine);
	if (salesTax.length > 1) {
		throw new OrderProblem(path, 'Only one sales_tax line is allowed per order');
	}
	if (salesTax.length === 1) {
		const taxed = lines.findIndex((line) => !isSalesTaxLine(line) && line.taxRate !== 0);
		if (taxed !== -1) {
			throw new OrderProblem(
				`${path}[${taxed}].taxRate`,
				`With a US sales_tax line every other line must have taxRate 0 (${path}[${taxed}] has ${(lines[taxed] as CartLine).taxRate})`,
			);
		}
	}
	return lines;
}

export interface OrderInput {
	currency: unknown;
	cart: unknown;
	/** Totals the user gave; when present they must match the lines. */
	amountExVat?: unknown;
	amountIncVat?: unknown;
}

/** Builds a complete order: clean lines, computed totals, and a check of any totals the user gave. */
export function buildOrder(input: OrderInput, rules: CartRules = {}): Order {
	const currency = String(input.currency ?? '')
		.trim()
		.toUpperCase();
	if (!/^[A-Z]{3}$/.test(currency)) {
		throw new OrderProblem(
			'currency',
			`currency must be a three-letter ISO code such as SEK or EUR, got "${String(input.currency ?? '')}"`,
		);
	}
	const cart = normaliseCart(input.cart, rules);
	const totals = computeTotals(cart);
	for (const key of ['amountExVat', 'amountIncVat'] as const) {
		const given = input[key];
		if (given === undefined || given === null || given === '') continue;
		const value = checkInteger(given, key);
		if (value !== totals[key]) {
			throw new OrderProblem(
				key,
				`${key} is ${value}, but the cart lines add up to ${totals[key]} (amountExVat ${totals.amountExVat}, amountIncVat ${totals.amountIncVat}). Leave the totals empty to let the node compute them, or correct the lines`,
			);
		}
	}
	return { currency, ...totals, cart };
}

/**
 * An amount in minor units as people read it: 31125 and "SEK" → "311.25 SEK". [ref] 1 SEK = 100,
 * and every currency Briqpay serves has two decimals. Undefined when the amount is not an integer.
 */
export function formatAmount(minorUnits: unknown, currency: unknown): string | undefined {
	if (typeof minorUnits !== 'number' || !Number.isInteger(minorUnits)) return undefined;
	const sign = minorUnits < 0 ? '-' : '';
	const abs = Math.abs(minorUnits);
	const major = `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
	return typeof currency === 'string' && currency ? `${major} ${currency}` : major;
}
