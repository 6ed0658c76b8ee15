'use strict';

/** Fake Briqpay self-tests over real HTTP: capture, refund, cancel, references, decision. */

const crypto = require('node:crypto');
const {
	order,
	LINE_SHIRT,
	LINE_BOOK,
	startReceiver,
	freshFakeEachTest,
	apiOf,
} = require('./testkit');

let fake;
const api = apiOf(() => fake);
freshFakeEachTest((started) => (fake = started));

describe('order management', () => {
	const capBody = (cart) => ({ data: { order: order(cart) } });

	test('capture state rules', async () => {
		const open = fake.seedSession({});
		const pending = fake.seedSession({ status: 'completed', orderStatus: 'order_pending' });
		const cancelled = fake.seedSession({ status: 'completed', orderStatus: 'order_cancelled' });
		const cart = [fake.getSession(open.sessionId).data.order.cart[0]];
		expect(
			(await api('POST', `/v3/session/${open.sessionId}/order/capture`, capBody(cart))).body.error
				.code,
		).toBe('ORDER_NOT_COMPLETED');
		expect(
			(await api('POST', `/v3/session/${pending.sessionId}/order/capture`, capBody(cart))).body
				.error.code,
		).toBe('ORDER_PENDING');
		expect(
			(await api('POST', `/v3/session/${cancelled.sessionId}/order/capture`, capBody(cart))).body
				.error.code,
		).toBe('INVALID_DATA');
	});

	test('partial + full capture, line matching, over-capture, refunds', async () => {
		const rx = await startReceiver();
		try {
			const hooks = ['capture_status', 'refund_status'].map((eventType) => ({
				eventType,
				statuses: ['pending', 'approved', 'rejected'],
				method: 'POST',
				url: `${rx.url}/h`,
			}));
			const s = fake.seedSession({
				status: 'completed',
				hooks,
				data: { order: order([LINE_SHIRT, LINE_BOOK]) },
			});
			const id = s.sessionId;

			let r = await api(
				'POST',
				`/v3/session/${id}/order/capture`,
				capBody([{ ...LINE_SHIRT, taxRate: 1200 }]),
			);
			expect(r.status).toBe(400);
			expect(r.body.error.code).toBe('CART_ITEM_NOT_FOUND');
			r = await api(
				'POST',
				`/v3/session/${id}/order/capture`,
				capBody([{ ...LINE_SHIRT, quantity: 3 }]),
			);
			expect(r.body.error.code).toBe('INVALID_DATA');
			expect(r.body.error.message).toMatch(/only 2 left/);

			r = await api('POST', `/v3/session/${id}/order/capture`, capBody([LINE_SHIRT]));
			expect(r.status).toBe(201);
			const cap1 = r.body.captureId;
			expect(fake.getSession(id).moduleStatus.payment.orderStatus).toBe('captured_partial');
			r = await api(
				'POST',
				`/v3/session/${id}/order/capture`,
				capBody([{ ...LINE_SHIRT, quantity: 1 }]),
			);
			expect(r.body.error.message).toMatch(/only 0 left/);
			r = await api('POST', `/v3/session/${id}/order/capture`, capBody([LINE_BOOK]));
			expect(r.status).toBe(201);
			const cap2 = r.body.captureId;
			let sess = fake.getSession(id);
			expect(sess.moduleStatus.payment.orderStatus).toBe('captured_full');
			expect(sess.data.captures.map((c) => c.status)).toEqual(['captured', 'captured']);
			expect(sess.data.captures[0]).toMatchObject({
				captureId: cap1,
				autoCaptured: false,
				amountIncVat: 25000,
				sessionId: id,
			});
			expect(
				(await api('POST', `/v3/session/${id}/order/capture`, capBody([LINE_BOOK]))).body.error
					.code,
			).toBe('INVALID_DATA');

			// refunds
			r = await api('POST', `/v3/session/${id}/order/refund`, capBody([LINE_BOOK]));
			expect(r.body.error.message).toMatch(/captureId is required/);
			r = await api('POST', `/v3/session/${id}/order/refund`, {
				captureId: cap1,
				...capBody([LINE_BOOK]),
			});
			expect(r.body.error.code).toBe('CART_ITEM_NOT_FOUND');
			r = await api('POST', `/v3/session/${id}/order/refund`, {
				captureId: crypto.randomUUID(),
				...capBody([LINE_BOOK]),
			});
			expect(r.body.error.message).toMatch(/not found/);
			r = await api('POST', `/v3/session/${id}/order/refund`, {
				captureId: cap1,
				...capBody([{ ...LINE_SHIRT, quantity: 1 }]),
			});
			expect(r.status).toBe(201);
			const refundId = r.body.refundId;
			sess = fake.getSession(id);
			expect(sess.moduleStatus.payment.refundStatus).toBe('partially_refunded');
			expect(sess.data.refunds[0]).toMatchObject({
				refundId,
				parentCaptureId: cap1,
				status: 'refunded',
				amountIncVat: 12500,
			});
			// 12500 left on cap1: 12501 is too much (adjustment line allowed on refunds)
			const adj = {
				productType: 'adjustment',
				name: 'Goodwill',
				quantity: 1,
				quantityUnit: 'pcs',
				unitPrice: 10001,
				taxRate: 2500,
			};
			r = await api('POST', `/v3/session/${id}/order/refund`, {
				captureId: cap1,
				...capBody([adj]),
			});
			expect(r.status).toBe(400);
			expect(r.body.error.message).toMatch(/exceeds/);
			r = await api('POST', `/v3/session/${id}/order/refund`, {
				captureId: cap1,
				...capBody([{ ...adj, unitPrice: 10000 }]),
			});
			expect(r.status).toBe(201);
			r = await api('POST', `/v3/session/${id}/order/refund`, {
				captureId: cap2,
				...capBody([LINE_BOOK]),
			});
			expect(r.status).toBe(201);
			expect(fake.getSession(id).moduleStatus.payment.refundStatus).toBe(
				'captured_amount_fully_refunded',
			);

			await fake.flushHooks();
			const bodies = rx.received.map((x) => x.body);
			expect(bodies[0]).toEqual({
				event: 'capture_status',
				status: 'approved',
				sessionId: id,
				captureId: cap1,
				autoCaptured: false,
				isPreExistingCapture: false,
			});
			expect(bodies.filter((b) => b.event === 'refund_status')[0]).toEqual({
				event: 'refund_status',
				status: 'approved',
				sessionId: id,
				refundId,
			});
			expect(bodies).toHaveLength(5);
		} finally {
			await rx.close();
		}
	});

	test('refund needs a capture', async () => {
		const s = fake.seedSession({ status: 'completed' });
		const r = await api(
			'POST',
			`/v3/session/${s.sessionId}/order/refund`,
			capBody([s.data.order.cart[0]]),
		);
		expect(r.status).toBe(400);
		expect(r.body.error.message).toMatch(/no captures/);
	});

	test('async capture mode: pending capture, approved by transition', async () => {
		const s = fake.seedSession({ status: 'completed', captureMode: 'async' });
		const r = await api(
			'POST',
			`/v3/session/${s.sessionId}/order/capture`,
			capBody(s.data.order.cart),
		);
		expect(r.status).toBe(201);
		expect(fake.getSession(s.sessionId).data.captures[0].status).toBe('pending');
		expect(fake.getSession(s.sessionId).moduleStatus.payment.orderStatus).toBe(
			'order_approved_not_captured',
		);
		const { session, events } = await fake.transition(s.sessionId, 'capture_approved', {
			captureId: r.body.captureId,
		});
		expect(session.data.captures[0].status).toBe('captured');
		expect(session.moduleStatus.payment.orderStatus).toBe('captured_full');
		expect(events[0]).toMatchObject({
			event: 'capture_status',
			status: 'approved',
			captureId: r.body.captureId,
		});
	});

	test('recordStatusStyle 003 uses approved for capture/refund records', async () => {
		fake.recordStatusStyle = '003';
		const s = fake.seedSession({ status: 'completed' });
		const r = await api(
			'POST',
			`/v3/session/${s.sessionId}/order/capture`,
			capBody(s.data.order.cart),
		);
		await api('POST', `/v3/session/${s.sessionId}/order/refund`, capBody([s.data.order.cart[0]]));
		const after = fake.getSession(s.sessionId);
		expect(after.data.captures[0]).toMatchObject({
			captureId: r.body.captureId,
			status: 'approved',
		});
		expect(after.data.refunds[0].status).toBe('approved');
	});

	test('cancel rules', async () => {
		const ok = fake.seedSession({ status: 'completed' });
		const noCancel = fake.seedSession({ status: 'completed', cancelSupported: false });
		const captured = fake.seedSession({ status: 'completed', orderStatus: 'captured_full' });
		expect(
			(await api('POST', `/v3/session/${captured.sessionId}/order/cancel`)).body.error.code,
		).toBe('INVALID_DATA');
		expect(
			(await api('POST', `/v3/session/${noCancel.sessionId}/order/cancel`)).body.error.code,
		).toBe('CANCEL_NOT_SUPPORTED');
		expect((await api('POST', `/v3/session/${ok.sessionId}/order/cancel`)).status).toBe(204);
		expect(fake.getSession(ok.sessionId).moduleStatus.payment.orderStatus).toBe('order_cancelled');
		expect((await api('POST', `/v3/session/${ok.sessionId}/order/cancel`)).status).toBe(400);
	});

	test('decision: only when pending; allow completes, reject rejects', async () => {
		const plain = fake.seedSession({});
		let r = await api('POST', `/v3/session/${plain.sessionId}/decision`, { decision: 'allow' });
		expect(r.body.error.message).toMatch(/no decision pending/i);
		const a = fake.seedSession({ decisionPending: true });
		expect(
			(await api('POST', `/v3/session/${a.sessionId}/decision`, { decision: 'allow' })).status,
		).toBe(204);
		expect(fake.getSession(a.sessionId)).toMatchObject({
			status: 'completed',
			moduleStatus: { payment: { orderStatus: 'order_approved_not_captured' } },
		});
		const b = fake.seedSession({});
		await fake.transition(b.sessionId, 'await_decision');
		r = await api('POST', `/v3/session/${b.sessionId}/decision`, {
			decision: 'reject',
			rejectionType: 'notify_user',
			softErrors: [{ message: 'Out of stock' }],
		});
		expect(r.status).toBe(204);
		expect(fake.getSession(b.sessionId).moduleStatus.payment.orderStatus).toBe('order_rejected');
		r = await api('POST', `/v3/session/${b.sessionId}/decision`, { decision: 'maybe' });
		expect(r.status).toBe(400);
	});

	test('transitions: pending -> approve, reject; invalid transition throws', async () => {
		const s = fake.seedSession({ status: 'completed', orderStatus: 'order_pending' });
		await fake.transition(s.sessionId, 'approve');
		expect(fake.getSession(s.sessionId).moduleStatus.payment.orderStatus).toBe(
			'order_approved_not_captured',
		);
		await expect(fake.transition(s.sessionId, 'approve')).rejects.toThrow(/orderStatus/);
		const open = fake.seedSession({});
		await fake.transition(open.sessionId, 'complete', { orderStatus: 'order_pending' });
		await fake.transition(open.sessionId, 'reject');
		expect(fake.getSession(open.sessionId).data.transactions[0].status).toBe('rejected');
	});

	test('hosted page for an open session only', async () => {
		const s = fake.seedSession({});
		const r = await api('POST', '/v3/hosted-page', {
			sessionId: s.sessionId,
			config: { pageTitle: 'Pay order 1', showCart: true },
		});
		expect(r.status).toBe(201);
		expect(r.body).toEqual({
			hostedPageId: expect.any(String),
			sessionId: s.sessionId,
			url: `${fake.baseUrl}/hosted/${r.body.hostedPageId}`,
		});
		const page = await fetch(r.body.url);
		expect(page.status).toBe(200);
		expect(await page.text()).toMatch(/Pay order 1/);
		const done = fake.seedSession({ status: 'completed' });
		expect((await api('POST', '/v3/hosted-page', { sessionId: done.sessionId })).status).toBe(400);
		expect(fake.requests.every((q) => !q.path.startsWith('/hosted'))).toBe(true);
	});
});
