import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { assignDefined } from '../../fields/collection';
import { customerDataFields, readCustomer } from '../../fields/customer';
import { orderFields, readOrder } from '../../fields/order';
import { referencesField, readReferences } from '../../fields/references';
import {
	OPTIONS,
	readFieldsQuery,
	responseOptions,
	sessionOutput,
	simplifyField,
} from '../../fields/response';
import {
	hooksField,
	readHooks,
	readRealTimeConfig,
	realTimeWebhooksOption,
} from '../../fields/webhooks';
import { ENDPOINTS } from '../../shared/constants';
import { isHttpUrl } from '../../shared/guards';
import { fail } from '../../shared/itemErrors';
import { missingPrefill, paymentLinkModules } from '../../shared/paymentLink';
import type { Operation } from '../operation';

const paymentIntents = ['payment_one_time', 'payment_tokenize', 'payment_tokenize_and_charge'];
const forLink = { intent: paymentIntents, usedFor: ['paymentLink'] };

function requireUrl(
	ctx: IExecuteFunctions,
	itemIndex: number,
	label: string,
	value: string,
): string {
	if (!isHttpUrl(value)) {
		fail(
			ctx,
			itemIndex,
			`${label} "${value}" is not an http(s) address`,
			`Enter a full address such as https://shop.example.com/${label === 'Terms URL' ? 'terms' : 'thank-you'}.`,
		);
	}
	return value;
}

export const create: Operation = {
	menu: {
		name: 'Create',
		value: 'create',
		description: 'Start a checkout session (payment, tokenization or signup)',
		action: 'Create a checkout session that moves no money until the customer pays',
	},
	fields: [
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
		},
		{
			displayName: 'Country',
			name: 'country',
			type: 'string',
			default: 'SE',
			placeholder: 'e.g. SE',
			description: 'Two-letter country code (ISO 3166-1 alpha-2) of the customer',
		},
		{
			displayName: 'Locale',
			name: 'locale',
			type: 'string',
			default: 'sv-se',
			placeholder: 'e.g. sv-se',
			description: 'Language and region of the checkout, such as sv-se, en-gb or nb-no',
		},
		{
			displayName: 'Redirect URL',
			name: 'redirectUrl',
			type: 'string',
			required: true,
			default: '',
			placeholder: 'e.g. https://shop.example.com/thank-you',
			description: 'Where the customer lands after completing the checkout',
		},
		{
			displayName: 'Terms URL',
			name: 'termsUrl',
			type: 'string',
			default: '',
			placeholder: 'e.g. https://shop.example.com/terms',
			description: 'Your terms and conditions, shown in the checkout. Required for payments.',
			displayOptions: { show: { intent: paymentIntents } },
		},
		{
			displayName: 'Used For',
			name: 'usedFor',
			type: 'options',
			options: [
				{
					name: 'Embedded Checkout',
					value: 'checkout',
					description: 'You show the checkout on your own page with the htmlSnippet or clientToken',
				},
				{
					name: 'Payment Link',
					value: 'paymentLink',
					description:
						'You send the customer a Briqpay-hosted page (Hosted Page → Create) by email or chat',
				},
			],
			default: 'checkout',
			description: 'How the customer reaches the checkout',
			displayOptions: { show: { intent: paymentIntents } },
		},
		{
			displayName: 'Page Content',
			name: 'pageContent',
			type: 'options',
			options: [
				{
					name: 'Full Checkout',
					value: 'full',
					description:
						"Briqpay asks the customer for their details (your Briqpay product's modules)",
				},
				{
					name: 'Payment Methods Only',
					value: 'paymentOnly',
					description:
						'The page shows payment methods only: fill in Billing Address (street address, city, ZIP code, country, email) and, for a business, Company → Name',
				},
			],
			default: 'full',
			description: 'What the payment link page shows',
			displayOptions: { show: forLink },
		},
		{
			displayName: 'Decision Step',
			name: 'decisionStep',
			type: 'boolean',
			default: false,
			description:
				'Whether the purchase waits for your allow or reject (Session → Decide) before it completes. Leave off unless a workflow answers every decision: nobody answers it on a payment link, and the payment stalls.',
			displayOptions: { show: forLink },
		},
		...orderFields({ intent: ['payment_one_time', 'payment_tokenize_and_charge'] }),
		...orderFields({ intent: ['payment_tokenize', 'signup'] }, { optional: true }),
		referencesField(),
		hooksField(),
		...customerDataFields(),
		simplifyField(),
		responseOptions([
			{
				displayName: 'Product Variant ID',
				name: 'variantId',
				type: 'string',
				default: '',
				description: 'An alternative product configuration created in the Briqpay back office',
			},
			realTimeWebhooksOption(),
		]),
	],

	async execute(itemIndex, _id, { client }) {
		const intent = this.getNodeParameter('intent', itemIndex) as string;
		const customerType = this.getNodeParameter('customerType', itemIndex) as string;
		const country = String(this.getNodeParameter('country', itemIndex, ''))
			.trim()
			.toUpperCase();
		const locale = String(this.getNodeParameter('locale', itemIndex, ''))
			.trim()
			.toLowerCase();
		const options = this.getNodeParameter(OPTIONS, itemIndex, {}) as IDataObject;
		const isPayment = intent !== 'signup';

		if (!/^[A-Z]{2}$/.test(country)) {
			fail(
				this,
				itemIndex,
				`Country "${country}" is not a two-letter country code`,
				'Use ISO 3166-1 alpha-2 codes such as SE, NO, DK, FI, DE or GB.',
			);
		}
		if (!/^[a-z]{2}-[a-z]{2}$/.test(locale)) {
			fail(
				this,
				itemIndex,
				`Locale "${locale}" is not in the form sv-se`,
				'Use a language and region such as sv-se, en-gb, nb-no, da-dk or fi-fi.',
			);
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
		const customer = readCustomer(this, itemIndex);
		const { company, consumer } = customer;
		// [plugin] Never send company data on a consumer session, nor consumer data on a business one.
		if (company && customerType === 'consumer') {
			fail(
				this,
				itemIndex,
				'Company data can only be sent for business customers',
				'Set Customer Type to Business, or remove the Company fields.',
			);
		}
		if (consumer && customerType === 'business') {
			fail(
				this,
				itemIndex,
				'Consumer data can only be sent for consumer customers',
				'Set Customer Type to Consumer, or remove the Consumer fields.',
			);
		}
		Object.assign(data, customer);

		const product: IDataObject = { type: isPayment ? 'payment' : 'signup', intent };
		if (options.variantId) product.variantId = String(options.variantId).trim();

		const body: IDataObject = { product, customerType, country, locale, urls };
		assignDefined(body, 'references', readReferences(this, itemIndex));
		assignDefined(body, 'hooks', readHooks(this, itemIndex));
		assignDefined(body, 'config', readRealTimeConfig(this, itemIndex, body.hooks));
		if (Object.keys(data).length) body.data = data;

		const usedFor = isPayment
			? this.getNodeParameter('usedFor', itemIndex, 'checkout')
			: 'checkout';
		if (usedFor === 'paymentLink') {
			// [plugin] Rules of Briqpay's WooCommerce plugin for hosted pages: shared/paymentLink.ts.
			const paymentOnly = this.getNodeParameter('pageContent', itemIndex, 'full') === 'paymentOnly';
			const missing = paymentOnly ? missingPrefill(customerType, data) : [];
			if (missing.length) {
				fail(
					this,
					itemIndex,
					`A payment link that shows payment methods only needs ${missing.join(', ')}`,
					`The customer cannot type these in on that page, so it would never unlock. Fill in ${missing.join(', ')}, or set Page Content to Full Checkout so Briqpay asks the customer.`,
				);
			}
			const decisionStep = this.getNodeParameter('decisionStep', itemIndex, false) === true;
			body.modules = paymentLinkModules(paymentOnly, decisionStep);
		}

		const answer = await client.call(
			{ method: 'POST', path: ENDPOINTS.sessions(), qs: readFieldsQuery(this, itemIndex), body },
			itemIndex,
		);
		return sessionOutput(this, client, itemIndex, answer.body, { intent }, 'Session created');
	},
};
