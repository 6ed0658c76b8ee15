'use strict';

/** Constants and defaults shared by the aggregates of the fake's state. */

const { computeTotals } = require('../money');

const DEFAULT_PSP = Object.freeze({
	pspId: '5f0c7a3e-8d1b-4c2a-9e6f-1a2b3c4d5e6f',
	name: 'invoice',
	category: 'invoice',
	pspDisplayName: 'Invoice',
	pspIntegrationName: 'Briqpay Invoice',
});

const isApprovedCapture = (c) => c.status === 'captured' || c.status === 'approved';
const isApprovedRefund = (r) => r.status === 'refunded' || r.status === 'approved';
const sum = (arr, f) => arr.reduce((a, x) => a + f(x), 0);

/** Default cart used by seeds: 2 × 100.00 SEK at 25 % + shipping 49.00 SEK at 25 %. */
function defaultOrder() {
	const cart = [
		{
			productType: 'physical',
			reference: 'sku-tshirt',
			name: 'T-shirt',
			quantity: 2,
			quantityUnit: 'pcs',
			unitPrice: 10000,
			taxRate: 2500,
			discountPercentage: 0,
		},
		{
			productType: 'shipping_fee',
			reference: 'shipping',
			name: 'Shipping',
			quantity: 1,
			quantityUnit: 'pcs',
			unitPrice: 4900,
			taxRate: 2500,
			discountPercentage: 0,
		},
	];
	return { currency: 'SEK', ...computeTotals(cart), cart };
}

function defaultAddress(country, customerType) {
	const a = {
		streetAddress: 'Testgatan 1',
		zip: '11122',
		city: 'Stockholm',
		firstName: 'Test',
		lastName: 'Person',
		email: 'buyer@example.com',
		phoneNumber: '+46701234567',
		country: country || 'SE',
	};
	if (customerType === 'business')
		Object.assign(a, { companyName: 'Test Company AB', cin: '5560000000' });
	return a;
}

class StateError extends Error {
	constructor(message) {
		super(message);
		this.name = 'StateError';
	}
}

module.exports = {
	DEFAULT_PSP,
	StateError,
	defaultOrder,
	defaultAddress,
	isApprovedCapture,
	isApprovedRefund,
	sum,
};
