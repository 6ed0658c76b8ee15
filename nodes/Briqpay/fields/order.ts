import { jsonParse } from 'n8n-workflow';
import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { isPlainObject } from '../shared/guards';
import { asNodeError, fail } from '../shared/itemErrors';
import { OrderProblem, buildOrder } from '../shared/money';
import type { CartRules, Order, OrderInput } from '../shared/money';
import type { Show } from './display';

/** The order block: cart lines entered in the UI, or an order JSON, and its reader. */

const ORDER_INPUT = 'orderInput';
const CURRENCY = 'currency';
const CART_LINES = 'cartLines';
const CART_LINE = 'line';
const ORDER_JSON = 'orderJson';
const ORDER_OPTIONS = 'orderOptions';

const EXAMPLE_ORDER = JSON.stringify(
	{
		currency: 'SEK',
		cart: [
			{
				productType: 'physical',
				reference: 'SKU-1',
				name: 'Coffee beans 1 kg',
				quantity: 2,
				quantityUnit: 'pcs',
				unitPrice: 12500,
				taxRate: 1200,
			},
		],
	},
	null,
	2,
);

/**
 * The order fields, shown when `show` holds (besides the operation's own conditions). `optional`
 * offers "No Order" (update, tokenize, signup).
 */
export function orderFields(
	show: Show = {},
	options: { optional?: boolean } = {},
): INodeProperties[] {
	const productTypes = [
		{ name: 'Deposit', value: 'deposit' },
		{ name: 'Digital', value: 'digital' },
		{ name: 'Discount (Negative Price)', value: 'discount' },
		{ name: 'Gift Card', value: 'gift_card' },
		{ name: 'Physical', value: 'physical' },
		{ name: 'Shipping Fee', value: 'shipping_fee' },
		{ name: 'Surcharge', value: 'surcharge' },
	];
	const inputChoices = [
		{
			name: 'Cart Lines',
			value: 'lines',
			description: 'Enter the order lines here; the node computes the totals',
		},
		{
			name: 'Order JSON',
			value: 'json',
			description: 'Pass a whole order object, e.g. from an earlier node',
		},
		...(options.optional
			? [{ name: 'No Order', value: 'none', description: 'Send no order data' }]
			: []),
	];
	const orderInput: INodeProperties = {
		displayName: 'Order Input',
		name: ORDER_INPUT,
		type: 'options',
		noDataExpression: true,
		options: inputChoices,
		default: 'lines',
		displayOptions: { show },
	};
	if (options.optional) orderInput.default = 'none';
	return [
		orderInput,
		{
			displayName: 'Currency',
			name: CURRENCY,
			type: 'string',
			default: 'SEK',
			placeholder: 'e.g. SEK',
			description: 'Three-letter currency code of the order (SEK, NOK, DKK, EUR, USD…)',
			displayOptions: { show: { ...show, [ORDER_INPUT]: ['lines'] } },
		},
		{
			displayName: 'Cart Lines',
			name: CART_LINES,
			type: 'fixedCollection',
			typeOptions: { multipleValues: true, sortable: true },
			placeholder: 'Add Line',
			default: {},
			description:
				'Amounts are in minor units (12500 = 125.00) and tax rates in basis points (2500 = 25 %)',
			displayOptions: { show: { ...show, [ORDER_INPUT]: ['lines'] } },
			options: [
				{
					displayName: 'Line',
					name: CART_LINE,
					values: [
						{
							displayName: 'Discount (Basis Points)',
							name: 'discountPercentage',
							type: 'number',
							default: 0,
							description: 'Discount on this line in basis points: 1000 = 10 %',
						},
						{
							displayName: 'Name',
							name: 'name',
							type: 'string',
							default: '',
							placeholder: 'e.g. Coffee beans 1 kg',
							description: 'What the customer sees on the receipt (max. 256 characters).',
						},
						{
							displayName: 'Product Type',
							name: 'productType',
							type: 'options',
							options: productTypes,
							default: 'physical',
						},
						{
							displayName: 'Quantity',
							name: 'quantity',
							type: 'number',
							typeOptions: { minValue: 1 },
							default: 1,
						},
						{
							displayName: 'Quantity Unit',
							name: 'quantityUnit',
							type: 'string',
							default: 'pcs',
							description: 'Unit shown with the quantity (max. 10 characters).',
						},
						{
							displayName: 'Reference',
							name: 'reference',
							type: 'string',
							default: '',
							placeholder: 'e.g. SKU-1',
							description:
								'Your SKU or article number. Captures and refunds match lines by reference and tax rate.',
						},
						{
							displayName: 'Tax Rate (Basis Points)',
							name: 'taxRate',
							type: 'number',
							default: 2500,
							description: 'VAT rate in basis points: 2500 = 25 %, 1200 = 12 %, 0 = no VAT',
						},
						{
							displayName: 'Unit Price (Minor Units, Excl. VAT)',
							name: 'unitPrice',
							type: 'number',
							default: 0,
							description:
								'Price of one unit excluding VAT and before discount, in minor units: 12500 = 125.00. Negative for discount lines.',
						},
					],
				},
			],
		},
		{
			displayName: 'Order JSON',
			name: ORDER_JSON,
			type: 'json',
			default: EXAMPLE_ORDER,
			description:
				'An order object with currency and cart (and optionally amountExVat/amountIncVat, which must then match the lines). Amounts in minor units.',
			displayOptions: { show: { ...show, [ORDER_INPUT]: ['json'] } },
		},
		{
			displayName: 'Order Options',
			name: ORDER_OPTIONS,
			type: 'collection',
			placeholder: 'Add Option',
			default: {},
			displayOptions: { show: { ...show, [ORDER_INPUT]: ['lines'] } },
			options: [
				{
					displayName: 'Expected Amount Excl. VAT',
					name: 'amountExVat',
					type: 'number',
					default: 0,
					description:
						'If set, the node checks that the lines add up to this total (minor units) and stops with an error if not',
				},
				{
					displayName: 'Expected Amount Incl. VAT',
					name: 'amountIncVat',
					type: 'number',
					default: 0,
					description:
						'If set, the node checks that the lines add up to this total (minor units) and stops with an error if not',
				},
				{
					displayName: 'US Sales Tax Amount',
					name: 'salesTaxAmount',
					type: 'number',
					default: 0,
					description:
						'For US orders: the total sales tax in minor units, sent as one sales_tax line. All other lines must then have Tax Rate 0.',
				},
			],
		},
	];
}

function toNumberOrUndefined(value: unknown): unknown {
	return value === 0 || value === '' || value === null ? undefined : value;
}

/** Reads the order block (cart lines in the UI, or an order JSON) into a checked order with totals. */
export function readOrder(
	ctx: IExecuteFunctions,
	itemIndex: number,
	rules: CartRules & { required: boolean },
): Order | undefined {
	const mode = ctx.getNodeParameter(ORDER_INPUT, itemIndex, 'lines') as string;
	if (mode === 'none') {
		if (rules.required)
			fail(
				ctx,
				itemIndex,
				'This operation needs an order',
				'Set Order Input to Cart Lines or Order JSON.',
			);
		return undefined;
	}
	let input: OrderInput;
	if (mode === 'json') {
		const raw = ctx.getNodeParameter(ORDER_JSON, itemIndex, '{}') as unknown;
		let parsed: unknown = raw;
		if (typeof raw === 'string') {
			try {
				parsed = jsonParse(raw);
			} catch {
				fail(
					ctx,
					itemIndex,
					'Order JSON is not valid JSON',
					'Check brackets, quotes and commas, or map an object from an earlier node.',
				);
			}
		}
		if (!isPlainObject(parsed)) {
			fail(ctx, itemIndex, 'Order JSON must be an object with currency and cart');
		}
		const order = parsed;
		input = {
			currency: order.currency,
			cart: order.cart,
			amountExVat: order.amountExVat,
			amountIncVat: order.amountIncVat,
		};
	} else {
		const cart = (
			ctx.getNodeParameter(`${CART_LINES}.${CART_LINE}`, itemIndex, []) as IDataObject[]
		).map((line) => ({ ...line }) as IDataObject);
		const options = ctx.getNodeParameter(ORDER_OPTIONS, itemIndex, {}) as IDataObject;
		if (options.salesTaxAmount) {
			cart.push({
				productType: 'sales_tax',
				name: 'Sales tax',
				totalTaxAmount: options.salesTaxAmount,
			});
		}
		input = {
			currency: ctx.getNodeParameter(CURRENCY, itemIndex, 'SEK'),
			cart,
			amountExVat: toNumberOrUndefined(options.amountExVat),
			amountIncVat: toNumberOrUndefined(options.amountIncVat),
		};
	}
	try {
		return buildOrder(input, rules);
	} catch (error) {
		if (!(error instanceof OrderProblem)) throw asNodeError(ctx.getNode(), error, itemIndex);
		const friendly =
			mode === 'lines'
				? error.message.replace(/cart\[(\d+)\]/g, (_m, n: string) => `Cart line ${Number(n) + 1}`)
				: `Order JSON: ${error.message}`;
		return fail(
			ctx,
			itemIndex,
			friendly,
			'Amounts are whole numbers in minor units (12500 = 125.00); tax rates and discounts in basis points (2500 = 25 %). Nothing was sent to Briqpay.',
		);
	}
}
