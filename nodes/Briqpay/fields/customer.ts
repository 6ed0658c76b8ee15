import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { readCollection } from './collection';

/** The customer block (billing and shipping address, company, consumer), and its reader. */

const BILLING = 'billing';
const SHIPPING = 'shipping';
const COMPANY = 'company';
const CONSUMER = 'consumer';

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

export function customerDataFields(): INodeProperties[] {
	return [
		{
			displayName: 'Billing Address',
			name: BILLING,
			type: 'collection',
			placeholder: 'Add Field',
			default: {},
			description: 'Prefills the billing address in the checkout',
			options: addressOptions(),
		},
		{
			displayName: 'Shipping Address',
			name: SHIPPING,
			type: 'collection',
			placeholder: 'Add Field',
			default: {},
			description: 'Prefills the shipping address in the checkout',
			options: addressOptions(),
		},
		{
			displayName: 'Company',
			name: COMPANY,
			type: 'collection',
			placeholder: 'Add Field',
			default: {},
			description: 'Business sessions only',
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
			name: CONSUMER,
			type: 'collection',
			placeholder: 'Add Field',
			default: {},
			description: 'Consumer sessions only',
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

interface CustomerData {
	billing?: IDataObject;
	shipping?: IDataObject;
	company?: IDataObject;
	consumer?: IDataObject;
}

/** The customer block as session `data` parts; parts left empty are absent. */
export function readCustomer(ctx: IExecuteFunctions, itemIndex: number): CustomerData {
	const customer: CustomerData = {};
	for (const part of [BILLING, SHIPPING, COMPANY, CONSUMER] as const) {
		const value = readCollection(ctx, itemIndex, part);
		if (value) customer[part] = value;
	}
	return customer;
}
