import type { IDisplayOptions, INodeProperties } from 'n8n-workflow';

/**
 * Parameter blocks used by more than one operation: order/cart, hooks, references,
 * addresses, response options. Each takes the `show` conditions of the operation using it.
 */

type Show = NonNullable<IDisplayOptions['show']>;

const withShow = (show: Show, extra: Show = {}): IDisplayOptions => ({
	show: { ...show, ...extra },
});

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

export interface OrderBlockOptions {
	/** Offer "No Order" (update, tokenize). */
	optional?: boolean;
	/** Offer `adjustment` lines (refunds). */
	allowAdjustment?: boolean;
}

export function orderFields(show: Show, options: OrderBlockOptions = {}): INodeProperties[] {
	const productTypes = [
		...(options.allowAdjustment
			? [{ name: 'Adjustment (Refund Amount)', value: 'adjustment' }]
			: []),
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
		name: 'orderInput',
		type: 'options',
		noDataExpression: true,
		options: inputChoices,
		default: 'lines',
		displayOptions: withShow(show),
	};
	if (options.optional) orderInput.default = 'none';
	return [
		orderInput,
		{
			displayName: 'Currency',
			name: 'currency',
			type: 'string',
			default: 'SEK',
			placeholder: 'e.g. SEK',
			description: 'Three-letter currency code of the order (SEK, NOK, DKK, EUR, USD…)',
			displayOptions: withShow(show, { orderInput: ['lines'] }),
		},
		{
			displayName: 'Cart Lines',
			name: 'cartLines',
			type: 'fixedCollection',
			typeOptions: { multipleValues: true, sortable: true },
			placeholder: 'Add Line',
			default: {},
			description:
				'Amounts are in minor units (12500 = 125.00) and tax rates in basis points (2500 = 25 %)',
			displayOptions: withShow(show, { orderInput: ['lines'] }),
			options: [
				{
					displayName: 'Line',
					name: 'line',
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
			name: 'orderJson',
			type: 'json',
			default: EXAMPLE_ORDER,
			description:
				'An order object with currency and cart (and optionally amountExVat/amountIncVat, which must then match the lines). Amounts in minor units.',
			displayOptions: withShow(show, { orderInput: ['json'] }),
		},
		{
			displayName: 'Order Options',
			name: 'orderOptions',
			type: 'collection',
			placeholder: 'Add Option',
			default: {},
			displayOptions: withShow(show, { orderInput: ['lines'] }),
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

export function referencesField(show: Show, description?: string): INodeProperties {
	return {
		displayName: 'References',
		name: 'references',
		type: 'fixedCollection',
		typeOptions: { multipleValues: true },
		placeholder: 'Add Reference',
		default: {},
		description:
			description ??
			'Your own references, stored on the session. "reference1" is the conventional order reference.',
		displayOptions: withShow(show),
		options: [
			{
				displayName: 'Reference',
				name: 'reference',
				values: [
					{
						displayName: 'Name',
						name: 'key',
						type: 'string',
						default: 'reference1',
						placeholder: 'e.g. reference1',
					},
					{
						displayName: 'Value',
						name: 'value',
						type: 'string',
						default: '',
						placeholder: 'e.g. ORDER-1001',
						description: 'Up to 512 characters',
					},
				],
			},
		],
	};
}

export function hooksField(show: Show): INodeProperties {
	return {
		displayName: 'Webhooks',
		name: 'hooks',
		type: 'fixedCollection',
		typeOptions: { multipleValues: true },
		placeholder: 'Add Webhook',
		default: {},
		description:
			"Where Briqpay reports this session's events (at most 10). Paste the Briqpay Trigger's Production URL to start a workflow on each event.",
		displayOptions: withShow(show),
		options: [
			{
				displayName: 'Webhook',
				name: 'hook',
				values: [
					{
						displayName: 'URL',
						name: 'url',
						type: 'string',
						default: '',
						placeholder: 'e.g. https://n8n.example.com/webhook/…/webhook',
						description:
							'Use the trigger\'s Production URL: the Test URL only works while you click "Listen for test event"',
					},
					{
						displayName: 'Event',
						name: 'eventType',
						type: 'options',
						options: [
							{ name: 'Capture Status', value: 'capture_status' },
							{ name: 'Order Status', value: 'order_status' },
							{ name: 'Refund Status', value: 'refund_status' },
							{ name: 'Session Status', value: 'session_status' },
						],
						default: 'order_status',
					},
					{
						displayName: 'Statuses',
						name: 'statuses',
						type: 'multiOptions',
						options: [
							{ name: 'All of This Event', value: 'all' },
							{ name: 'Approved (Capture/Refund)', value: 'approved' },
							{ name: 'Completed (Session)', value: 'completed' },
							{ name: 'Order Approved Not Captured', value: 'order_approved_not_captured' },
							{ name: 'Order Cancelled', value: 'order_cancelled' },
							{ name: 'Order Pending', value: 'order_pending' },
							{ name: 'Order Rejected', value: 'order_rejected' },
							{ name: 'Pending (Capture/Refund)', value: 'pending' },
							{ name: 'Rejected (Capture/Refund)', value: 'rejected' },
						],
						default: ['all'],
						description: 'Which statuses of the chosen event are reported',
					},
					{
						displayName: 'Method',
						name: 'method',
						type: 'options',
						options: [
							{ name: 'POST (JSON Body)', value: 'POST' },
							{ name: 'GET (Query Parameters)', value: 'GET' },
						],
						default: 'POST',
					},
				],
			},
		],
	};
}

function addressOptions(): INodeProperties[] {
	const text = (displayName: string, name: string, placeholder: string): INodeProperties => ({
		displayName,
		name,
		type: 'string',
		default: '',
		placeholder,
	});
	return [
		text('City', 'city', 'e.g. Stockholm'),
		text('Company ID (CIN)', 'cin', 'e.g. 5560000000'),
		text('Company Name', 'companyName', 'e.g. Acme AB'),
		text('Country', 'country', 'e.g. SE'),
		{ ...text('Email', 'email', 'e.g. name@email.com'), placeholder: 'name@email.com' },
		text('First Name', 'firstName', 'e.g. Anna'),
		text('Last Name', 'lastName', 'e.g. Svensson'),
		text('Phone Number', 'phoneNumber', 'e.g. +46701234567'),
		text('Region', 'region', 'e.g. CA'),
		text('Street Address', 'streetAddress', 'e.g. Drottninggatan 1'),
		text('Street Address 2', 'streetAddress2', 'e.g. 2 tr'),
		text('ZIP Code', 'zip', 'e.g. 111 51'),
	];
}

export function customerDataFields(show: Show): INodeProperties[] {
	return [
		{
			displayName: 'Billing Address',
			name: 'billing',
			type: 'collection',
			placeholder: 'Add Field',
			default: {},
			description: 'Prefills the billing address in the checkout',
			displayOptions: withShow(show),
			options: addressOptions(),
		},
		{
			displayName: 'Shipping Address',
			name: 'shipping',
			type: 'collection',
			placeholder: 'Add Field',
			default: {},
			description: 'Prefills the shipping address in the checkout',
			displayOptions: withShow(show),
			options: addressOptions(),
		},
		{
			displayName: 'Company',
			name: 'company',
			type: 'collection',
			placeholder: 'Add Field',
			default: {},
			description: 'Business sessions only',
			displayOptions: withShow(show),
			options: [
				{
					displayName: 'Company ID (CIN)',
					name: 'cin',
					type: 'string',
					default: '',
					placeholder: 'e.g. 5560000000',
				},
				{
					displayName: 'Name',
					name: 'name',
					type: 'string',
					default: '',
					placeholder: 'e.g. Acme AB',
				},
			],
		},
		{
			displayName: 'Consumer',
			name: 'consumer',
			type: 'collection',
			placeholder: 'Add Field',
			default: {},
			description: 'Consumer sessions only',
			displayOptions: withShow(show),
			options: [
				{
					displayName: 'Date of Birth',
					name: 'dateOfBirth',
					type: 'string',
					default: '',
					placeholder: 'e.g. 1970-01-31',
				},
				{
					displayName: 'Identification Number',
					name: 'identificationNumber',
					type: 'string',
					default: '',
					placeholder: 'e.g. 197001311234',
				},
				{
					displayName: 'Name',
					name: 'name',
					type: 'string',
					default: '',
					placeholder: 'e.g. Anna Svensson',
				},
			],
		},
	];
}

export function simplifyField(show: Show): INodeProperties {
	return {
		displayName: 'Simplify',
		name: 'simplify',
		type: 'boolean',
		default: false,
		description:
			'Whether to return only the fields people act on (ID, status, order status, amounts, references, customer) instead of the whole session',
		displayOptions: withShow(show),
	};
}

export function returnFieldsOption(): INodeProperties {
	return {
		displayName: 'Return Fields',
		name: 'fields',
		type: 'string',
		default: '',
		placeholder: 'e.g. sessionId,status,moduleStatus',
		description:
			"Comma-separated top-level fields Briqpay should return, or 'none' for no data (the node then outputs a short confirmation). Empty returns everything.",
	};
}

/** [plugin] The switch for `config.realTimeProcessing` (inputs.ts readRealTimeConfig). */
export function realTimeWebhooksOption(): INodeProperties {
	return {
		displayName: 'Real-Time Webhooks',
		name: 'realTimeWebhooks',
		type: 'boolean',
		default: true,
		description:
			"Whether Briqpay sends each webhook as soon as the event happens instead of in batches (only when Webhooks are set). Events can then arrive out of order; the Briqpay Trigger re-reads the session, so its output always shows the session's latest state.",
	};
}

/** The "Options" collection of operations that return a session: Return Fields plus any extras. */
export function responseOptions(show: Show, extra: INodeProperties[] = []): INodeProperties {
	return {
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		displayOptions: withShow(show),
		options: [returnFieldsOption(), ...extra].sort((a, b) =>
			a.displayName.localeCompare(b.displayName),
		),
	};
}
