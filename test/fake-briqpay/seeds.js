'use strict';

/**
 * A ready-made data set for the sandbox and e2e tests (`cli.js --seed`). Returns the ids.
 * Seeds have no owner, so every configured account can see them.
 */

const { computeTotals } = require('./money');

function usOrder() {
	const cart = [
		{
			productType: 'physical',
			reference: 'sku-mug',
			name: 'Mug',
			quantity: 3,
			quantityUnit: 'pcs',
			unitPrice: 1299,
			taxRate: 0,
		},
		{ productType: 'sales_tax', name: 'Sales tax', reference: 'sales_tax', totalTaxAmount: 351 },
	];
	return { currency: 'USD', ...computeTotals(cart), cart };
}

function seedDemo(fake) {
	const open = fake.seedSession({ references: { reference1: 'seed-open' } });
	const business = fake.seedSession({
		customerType: 'business',
		references: { reference1: 'seed-business' },
	});
	const approved = fake.seedSession({
		status: 'completed',
		references: { reference1: 'seed-approved' },
	});
	const pending = fake.seedSession({
		status: 'completed',
		orderStatus: 'order_pending',
		references: { reference1: 'seed-pending' },
	});
	const partial = fake.seedSession({
		status: 'completed',
		orderStatus: 'captured_partial',
		references: { reference1: 'seed-partial' },
	});
	const captured = fake.seedSession({
		status: 'completed',
		orderStatus: 'captured_full',
		references: { reference1: 'seed-captured' },
	});
	const noCancel = fake.seedSession({
		status: 'completed',
		cancelSupported: false,
		references: { reference1: 'seed-no-cancel' },
	});
	const asyncCapture = fake.seedSession({
		status: 'completed',
		captureMode: 'async',
		references: { reference1: 'seed-async' },
	});
	const decision = fake.seedSession({
		decisionPending: true,
		references: { reference1: 'seed-decision' },
	});
	const us = fake.seedSession({
		country: 'US',
		locale: 'en-us',
		data: { order: usOrder() },
		references: { reference1: 'seed-us' },
	});
	const activeToken = fake.seedToken({});
	const inactiveToken = fake.seedToken({ state: 'inactive' });
	const declinedToken = fake.seedToken({ chargeOutcome: 'rejected' });
	return {
		sessions: {
			open: open.sessionId,
			business: business.sessionId,
			approved: approved.sessionId,
			pending: pending.sessionId,
			capturedPartial: partial.sessionId,
			capturedFull: captured.sessionId,
			cancelNotSupported: noCancel.sessionId,
			asyncCapture: asyncCapture.sessionId,
			decisionPending: decision.sessionId,
			usSalesTax: us.sessionId,
		},
		tokens: {
			active: activeToken.tokenId,
			inactive: inactiveToken.tokenId,
			declines: declinedToken.tokenId,
		},
	};
}

module.exports = { seedDemo };
