import { NodeOperationError } from 'n8n-workflow';
import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import {
	customerDataFields,
	hooksField,
	orderFields,
	referencesField,
	responseOptions,
	simplifyField,
} from '../../shared/descriptions';
import {
	assignDefined,
	readCollection,
	readFieldsQuery,
	readHooks,
	readOrder,
	readReferences,
} from '../../shared/inputs';
import { sessionOutput } from '../../shared/output';
import type { BriqpayClient } from '../../shared/transport';

const show = { resource: ['session'], operation: ['create'] };
const paymentIntents = ['payment_one_time', 'payment_tokenize', 'payment_tokenize_and_charge'];

export const description: INodeProperties[] = [
	{
		displayName: 'Intent',
		name: 'intent',
		type: 'options',
		noDataExpression: true,
		options: [
			{
				name: 'One-Time Payment',
				value: 'payment_one_time',
				description: 'The customer pays this order once',
			},
			{
				name: 'Signup',
				value: 'signup',
				description: 'Collect customer details without a payment',
			},
			{
				name: 'Tokenize',
				value: 'payment_tokenize',
				description: 'Save a payment method for later charges, without charging now',
			},
			{
				name: 'Tokenize and Charge',
				value: 'payment_tokenize_and_charge',
				description: 'Charge this order and save the payment method for later charges',
			},
		],
		default: 'payment_one_time',
		description: 'What the checkout session is for',
		displayOptions: { show },
	},
	{
		displayName: 'Customer Type',
		name: 'customerType',
		type: 'options',
		options: [
			{ name: 'Business', value: 'business' },
			{ name: 'Consumer', value: 'consumer' },
		],
		default: 'business',
		displayOptions: { show },
	},
	{
		displayName: 'Country',
		name: 'country',
		type: 'string',
		default: 'SE',
		placeholder: 'e.g. SE',
		description: 'Two-letter country code (ISO 3166-1 alpha-2) of the customer',
		displayOptions: { show },
	},
	{
		displayName: 'Locale',
		name: 'locale',
		type: 'string',
		default: 'sv-se',
		placeholder: 'e.g. sv-se',
		description: 'Language and region of the checkout, such as sv-se, en-gb or nb-no',
		displayOptions: { show },
	},
	{
		displayName: 'Redirect URL',
		name: 'redirectUrl',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'e.g. https://shop.example.com/thank-you',
		description: 'Where the customer lands after completing the checkout',
		displayOptions: { show },
	},
	{
		displayName: 'Terms URL',
		name: 'termsUrl',
		type: 'string',
		default: '',
		placeholder: 'e.g. https://shop.example.com/terms',
		description: 'Your terms and conditions, shown in the checkout. Required for payments.',
		displayOptions: { show: { ...show, intent: paymentIntents } },
	},
	...orderFields({ ...show, intent: ['payment_one_time', 'payment_tokenize_and_charge'] }),
	...orderFields({ ...show, intent: ['payment_tokenize', 'signup'] }, { optional: true }),
	referencesField(show),
	hooksField(show),
	...customerDataFields(show),
	simplifyField(show),
	responseOptions(show, [
		{
			displayName: 'Product Variant ID',
			name: 'variantId',
			type: 'string',
			default: '',
			description: 'An alternative product configuration created in the Briqpay back office',
		},
	]),
];

function requireUrl(
	ctx: IExecuteFunctions,
	itemIndex: number,
	label: string,
	value: string,
): string {
	if (!/^https?:\/\/\S+$/i.test(value)) {
		throw new NodeOperationError(ctx.getNode(), `${label} "${value}" is not an http(s) address`, {
			itemIndex,
			description: `Enter a full address such as https://shop.example.com/${label === 'Terms URL' ? 'terms' : 'thank-you'}.`,
		});
	}
	return value;
}

export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
	client: BriqpayClient,
): Promise<IDataObject> {
	const intent = this.getNodeParameter('intent', itemIndex) as string;
	const customerType = this.getNodeParameter('customerType', itemIndex) as string;
	const country = String(this.getNodeParameter('country', itemIndex, ''))
		.trim()
		.toUpperCase();
	const locale = String(this.getNodeParameter('locale', itemIndex, ''))
		.trim()
		.toLowerCase();
	const options = this.getNodeParameter('options', itemIndex, {}) as IDataObject;
	const isPayment = intent !== 'signup';

	if (!/^[A-Z]{2}$/.test(country)) {
		throw new NodeOperationError(
			this.getNode(),
			`Country "${country}" is not a two-letter country code`,
			{
				itemIndex,
				description: 'Use ISO 3166-1 alpha-2 codes such as SE, NO, DK, FI, DE or GB.',
			},
		);
	}
	if (!/^[a-z]{2}-[a-z]{2}$/.test(locale)) {
		throw new NodeOperationError(this.getNode(), `Locale "${locale}" is not in the form sv-se`, {
			itemIndex,
			description: 'Use a language and region such as sv-se, en-gb, nb-no, da-dk or fi-fi.',
		});
	}

	const urls: IDataObject = {
		redirect: requireUrl(
			this,
			itemIndex,
			'Redirect URL',
			String(this.getNodeParameter('redirectUrl', itemIndex, '')).trim(),
		),
	};
	if (isPayment) {
		urls.terms = requireUrl(
			this,
			itemIndex,
			'Terms URL',
			String(this.getNodeParameter('termsUrl', itemIndex, '')).trim(),
		);
	}

	const data: IDataObject = {};
	assignDefined(
		data,
		'order',
		readOrder(this, itemIndex, {
			required: intent === 'payment_one_time' || intent === 'payment_tokenize_and_charge',
		}),
	);
	assignDefined(data, 'billing', readCollection(this, itemIndex, 'billing'));
	assignDefined(data, 'shipping', readCollection(this, itemIndex, 'shipping'));
	const company = readCollection(this, itemIndex, 'company');
	const consumer = readCollection(this, itemIndex, 'consumer');
	// [plugin] Never send company data on a consumer session, nor consumer data on a business one.
	if (company && customerType === 'consumer') {
		throw new NodeOperationError(
			this.getNode(),
			'Company data can only be sent for business customers',
			{
				itemIndex,
				description: 'Set Customer Type to Business, or remove the Company fields.',
			},
		);
	}
	if (consumer && customerType === 'business') {
		throw new NodeOperationError(
			this.getNode(),
			'Consumer data can only be sent for consumer customers',
			{
				itemIndex,
				description: 'Set Customer Type to Consumer, or remove the Consumer fields.',
			},
		);
	}
	assignDefined(data, 'company', company);
	assignDefined(data, 'consumer', consumer);

	const product: IDataObject = { type: isPayment ? 'payment' : 'signup', intent };
	if (options.variantId) product.variantId = String(options.variantId).trim();

	const body: IDataObject = { product, customerType, country, locale, urls };
	assignDefined(body, 'references', readReferences(this, itemIndex));
	assignDefined(body, 'hooks', readHooks(this, itemIndex));
	if (Object.keys(data).length) body.data = data;

	const answer = await client.call(
		{ method: 'POST', path: '/v3/session', qs: readFieldsQuery(this, itemIndex), body },
		itemIndex,
	);
	return sessionOutput(this, itemIndex, answer.body, { intent }, 'Session created');
}
