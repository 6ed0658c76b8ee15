'use strict';

/** Fake Briqpay self-tests over real HTTP: hook delivery, signatures and redelivery. */

const crypto = require('node:crypto');
const { startReceiver, freshFakeEachTest } = require('./testkit');

let fake;
freshFakeEachTest((started) => (fake = started));

describe('hooks', () => {
	test('POST and GET hooks with signature; redelivery on non-2xx', async () => {
		const rx = await startReceiver([500]); // first delivery fails -> redelivered
		try {
			fake.signingSecret = 'whsec_test';
			const s = fake.seedSession({
				hooks: [
					{
						eventType: 'session_status',
						statuses: ['completed'],
						method: 'POST',
						url: `${rx.url}/post`,
					},
					{
						eventType: 'order_status',
						statuses: ['order_approved_not_captured'],
						method: 'GET',
						url: `${rx.url}/get?shop=1`,
					},
					{
						eventType: 'order_status',
						statuses: ['order_cancelled'],
						method: 'POST',
						url: `${rx.url}/never`,
					},
				],
			});
			const { deliveries } = await fake.transition(s.sessionId, 'complete');
			expect(deliveries.every((d) => d.ok)).toBe(true);
			expect(rx.received.map((x) => `${x.method} ${x.url.split('?')[0]}`)).toEqual([
				'POST /post',
				'GET /get',
				'POST /post',
			]);
			expect(fake.hookDeliveries.map((d) => [d.attempt, d.statusCode])).toEqual([
				[1, 500],
				[1, 200],
				[2, 200],
			]);

			const post = rx.received[2];
			expect(post.body).toEqual({
				event: 'session_status',
				status: 'completed',
				sessionId: s.sessionId,
			});
			const [, t, sig] = /^t=(\d+),s1=(.+)$/.exec(post.headers['x-briq-signature']);
			expect(sig).toBe(
				crypto.createHmac('sha256', 'whsec_test').update(`${t}.${post.raw}`).digest('base64'),
			);

			const get = rx.received[1];
			const q = new URL(get.url, rx.url).searchParams;
			expect(Object.fromEntries(q)).toEqual({
				shop: '1',
				event: 'order_status',
				status: 'order_approved_not_captured',
				sessionId: s.sessionId,
			});
			const [, t2, sig2] = /^t=(\d+),s1=(.+)$/.exec(get.headers['x-briq-signature']);
			expect(sig2).toBe(
				crypto.createHmac('sha256', 'whsec_test').update(`${t2}.`).digest('base64'),
			);
		} finally {
			await rx.close();
		}
	});

	test('gives up after hookRetry.attempts; network errors recorded', async () => {
		const rx = await startReceiver([500, 502, 503, 504]);
		try {
			const s = fake.seedSession({
				hooks: [
					{
						eventType: 'session_status',
						statuses: ['completed'],
						method: 'POST',
						url: `${rx.url}/h`,
					},
				],
			});
			await fake.transition(s.sessionId, 'complete');
			expect(fake.hookDeliveries.map((d) => d.statusCode)).toEqual([500, 502, 503]);
		} finally {
			await rx.close();
		}
		const dead = await fake.sendHook(
			crypto.randomUUID(),
			{ event: 'session_status', status: 'completed' },
			{ url: rx.url, retry: false },
		);
		expect(dead.error).toBeTruthy();
	});

	test('sendHook forges arbitrary hooks', async () => {
		const rx = await startReceiver();
		try {
			const sid = crypto.randomUUID();
			await fake.sendHook(
				sid,
				{ event: 'capture_status', status: 'approved', captureId: 'forged' },
				{ url: `${rx.url}/x`, signature: 't=1,s1=bogus' },
			);
			expect(rx.received[0].body).toEqual({
				event: 'capture_status',
				status: 'approved',
				captureId: 'forged',
				sessionId: sid,
			});
			expect(rx.received[0].headers['x-briq-signature']).toBe('t=1,s1=bogus');
		} finally {
			await rx.close();
		}
	});
});
