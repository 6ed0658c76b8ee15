'use strict';

/** Fake Briqpay self-tests over real HTTP: the /__control API and the command-line entry point. */

const { spawn } = require('node:child_process');
const path = require('node:path');
const { basic, freshFakeEachTest, apiOf } = require('./testkit');

let fake;
const api = apiOf(() => fake);
freshFakeEachTest((started) => (fake = started));

describe('control API and CLI', () => {
	test('control routes drive the fake and are not recorded', async () => {
		const ctl = (method, p, body) =>
			fetch(`${fake.baseUrl}/__control${p}`, {
				method,
				headers: { 'content-type': 'application/json' },
				body: body && JSON.stringify(body),
			});
		const s = await (await ctl('POST', '/sessions', { customerType: 'business' })).json();
		const tr = await ctl('POST', `/sessions/${s.sessionId}/transition`, {
			to: 'complete',
			orderStatus: 'order_pending',
		});
		expect((await tr.json()).session.moduleStatus.payment.orderStatus).toBe('order_pending');
		expect(
			(await ctl('POST', `/sessions/${s.sessionId}/transition`, { to: 'cancel' })).status,
		).toBe(409);
		await ctl('POST', '/fail-next', { pathRegex: '^/v3/session/', status: 502 });
		expect((await api('GET', `/v3/session/${s.sessionId}`)).status).toBe(502);
		const reqs = await (await ctl('GET', '/requests')).json();
		expect(reqs.map((r) => r.status)).toEqual([502]);
		await ctl('POST', '/reset-requests');
		expect(fake.requests).toHaveLength(0);
	});

	test('cli prints baseUrl + seeded ids and stops on SIGTERM', async () => {
		const child = spawn(
			process.execPath,
			[
				path.join(__dirname, 'cli.js'),
				'--port',
				'0',
				'--seed',
				'--username',
				'u1',
				'--secret',
				's1',
			],
			{
				stdio: ['ignore', 'pipe', 'inherit'],
			},
		);
		const line = await new Promise((resolve, reject) => {
			let buf = '';
			child.stdout.on('data', (c) => {
				buf += c;
				if (buf.includes('\n')) resolve(buf.split('\n')[0]);
			});
			child.on('error', reject);
		});
		const info = JSON.parse(line);
		expect(info.baseUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
		const r = await fetch(`${info.baseUrl}/v3/session/${info.seeded.sessions.approved}`, {
			headers: { authorization: basic('u1', 's1') },
		});
		expect((await r.json()).moduleStatus.payment.orderStatus).toBe('order_approved_not_captured');
		const exited = new Promise((resolve) => child.on('exit', resolve));
		child.kill('SIGTERM');
		expect(await exited).toBe(0);
	});
});
