'use strict';

/**
 * The alert fields (dist/…/shared/alert.js) as pure functions: the parts that engine tests cannot
 * reach, because the engine tests talk to the stand-in through a Custom URL, where no back-office
 * link is made. The trigger and Session → Get tests check the fields in what the nodes emit.
 */
const {
	alertFields,
	backOfficeUrl,
	matchingRecord,
	statusLabel,
} = require('../dist/nodes/Briqpay/shared/alert');
const { formatAmount } = require('../dist/nodes/Briqpay/shared/money');
const { fakeClientToken, FAKE_MERCHANT_ID } = require('./fake-briqpay/util');

const SESSION_ID = '0b6a1b7e-3c8d-4e5f-9a0b-1c2d3e4f5a6b';

test('amounts read as major units with the currency', () => {
	expect([31125, 0, 5, -1999, 100].map((n) => formatAmount(n, 'SEK'))).toEqual([
		'311.25 SEK',
		'0.00 SEK',
		'0.05 SEK',
		'-19.99 SEK',
		'1.00 SEK',
	]);
	expect(formatAmount(1234, undefined)).toBe('12.34');
	expect(formatAmount(12.5, 'SEK')).toBeUndefined();
	expect(formatAmount('1234', 'SEK')).toBeUndefined();
});

test('statuses read as words, and a status Briqpay adds later still reads', () => {
	expect(statusLabel('order_status', 'order_approved_not_captured')).toBe(
		'Order approved, not captured',
	);
	expect(statusLabel('capture_status', 'approved')).toBe('Capture approved');
	expect(statusLabel('refund_status', 'rejected')).toBe('Refund rejected');
	expect(statusLabel('order_status', 'order_on_hold')).toBe('Order on hold');
	expect(statusLabel('order_status', null)).toBeUndefined();
});

test('back-office link: Playground test=1, Production test=0, none behind a Custom URL or without a token', () => {
	const session = { sessionId: SESSION_ID, clientToken: fakeClientToken(SESSION_ID) };
	const base = `https://app.briqpay.com/dashboard/sessions/orders/${SESSION_ID}`;
	expect(backOfficeUrl(session, 'playground')).toBe(
		`${base}?test=1&merchantId=${FAKE_MERCHANT_ID}`,
	);
	expect(backOfficeUrl(session, 'production')).toBe(
		`${base}?test=0&merchantId=${FAKE_MERCHANT_ID}`,
	);
	expect(backOfficeUrl(session, 'custom')).toBeUndefined();
	expect(backOfficeUrl({ sessionId: SESSION_ID }, 'production')).toBeUndefined();
	expect(
		backOfficeUrl({ sessionId: SESSION_ID, clientToken: 'not.a-jwt' }, 'production'),
	).toBeUndefined();
});

test('alert fields never carry the client token', () => {
	const session = {
		sessionId: SESSION_ID,
		status: 'completed',
		clientToken: fakeClientToken(SESSION_ID),
		references: { reference1: 'ORDER-2001' },
		moduleStatus: { payment: { orderStatus: 'order_approved_not_captured' } },
		data: {
			order: { amountIncVat: 31125, currency: 'SEK' },
			company: { name: 'Acme AB' },
			billing: { firstName: 'Ann', lastName: 'Berg' },
			transactions: [{ pspDisplayName: 'Invoice' }],
		},
	};
	const fields = alertFields(session, 'production');
	expect(fields).toEqual({
		orderReference: 'ORDER-2001',
		amount: '311.25 SEK',
		statusLabel: 'Order approved, not captured',
		customerName: 'Acme AB',
		paymentMethod: 'Invoice',
		backOfficeUrl: expect.stringContaining(`merchantId=${FAKE_MERCHANT_ID}`),
	});
	expect(JSON.stringify(fields)).not.toContain(session.clientToken);
	expect(
		alertFields({ data: { billing: { firstName: 'Ann', lastName: 'Berg' } } }, 'custom')
			.customerName,
	).toBe('Ann Berg');
	expect(
		alertFields(session, 'custom', { event: 'capture_status', status: 'pending' }).statusLabel,
	).toBe('Capture pending');
});

test('the matching capture or refund, with its amount as text', () => {
	const captureId = 'aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee';
	const session = {
		data: {
			order: { currency: 'NOK' },
			captures: [
				{ captureId: 'other', amountIncVat: 1 },
				{ captureId, status: 'approved', amountIncVat: 12500 },
			],
		},
	};
	expect(matchingRecord(session, 'capture', captureId)).toEqual({
		captureId,
		status: 'approved',
		amountIncVat: 12500,
		amount: '125.00 NOK',
	});
	expect(matchingRecord(session, 'refund', captureId)).toBeUndefined();
});
