'use strict';

/** Fake Briqpay self-tests over real HTTP: Basic auth, ids, routing, unknown fields, bodies. */

const crypto = require('node:crypto');
const { USER, SECRET, basic, createBody, freshFakeEachTest, apiOf } = require('./testkit');

let fake;
const api = apiOf(() => fake);
freshFakeEachTest((started) => (fake = started));

describe('auth', () => {
	test.each([
		['missing header', 'INVALID_CREDENTIALS', undefined],
		['garbled header', 'INVALID_CREDENTIALS', 'Bearer abc'],
		['no colon', 'INVALID_CREDENTIALS', `Basic ${Buffer.from('nocolon').toString('base64')}`],
		['wrong secret', 'INVALID_CREDENTIALS', basic(USER, 'nope')],
		['unknown user', 'INVALID_API_KEY', basic('who', SECRET)],
		['expired account', 'AUTH_SECRET_EXPIRED', basic('expired-user', 'x')],
	])('%s -> 403 %s', async (_name, code, auth) => {
		const r = await api('GET', '/v3/session/00000000-0000-0000-0000-000000000000', undefined, {
			auth: auth || null,
		});
		expect(r.status).toBe(403);
		expect(r.body.error.code).toBe(code);
		expect(fake.requests).toHaveLength(1); // recorded even though refused
		expect(fake.requests[0].status).toBe(403);
	});

	test('README credential probe: nil UUID with fields=none -> 404 when credentials are good', async () => {
		const r = await api('GET', '/v3/session/00000000-0000-0000-0000-000000000000?fields=none');
		expect(r.status).toBe(404);
		expect(r.body).toEqual({ error: { code: 'NOT_FOUND', message: 'Session not found' } });
	});
});

describe('ids, routing, fields, bodies', () => {
	test('non-UUID ids -> 400 INVALID_DATA naming the field', async () => {
		let r = await api('GET', '/v3/session/not-a-uuid');
		expect(r.status).toBe(400);
		expect(r.body.error.code).toBe('INVALID_DATA');
		expect(r.body.error.message).toMatch(/sessionId/);
		r = await api('GET', '/v3/token/123');
		expect(r.body.error.message).toMatch(/tokenId/);
	});

	test('ids are case-insensitive; unknown token -> 404; notFoundStatus option', async () => {
		const s = fake.seedSession({});
		expect((await api('GET', `/v3/session/${s.sessionId.toUpperCase()}`)).status).toBe(200);
		const r = await api('GET', `/v3/token/${crypto.randomUUID()}`);
		expect(r.status).toBe(404);
		expect(r.body.error.code).toBe('NOT_FOUND');
		fake.notFoundStatus = 400;
		expect((await api('GET', `/v3/session/${crypto.randomUUID()}`)).status).toBe(400);
	});

	test('unknown route -> 404, wrong method -> 405', async () => {
		expect((await api('GET', '/v3/sessions')).status).toBe(404);
		const r = await api('DELETE', `/v3/session/${crypto.randomUUID()}`);
		expect(r.status).toBe(405);
		expect(r.headers.get('allow')).toBe('GET, PATCH');
	});

	test('fields picks top-level keys; fields=none -> empty 204 (GET, PATCH, POST, token)', async () => {
		const s = fake.seedSession({});
		let r = await api('GET', `/v3/session/${s.sessionId}?fields=status,sessionId`);
		expect(r.body).toEqual({ status: 'started', sessionId: s.sessionId });
		r = await api('GET', `/v3/session/${s.sessionId}?fields=none`);
		expect(r.status).toBe(204);
		expect(r.text).toBe('');
		r = await api('PATCH', `/v3/session/${s.sessionId}?fields=none`, {
			data: { billing: { city: 'Lund' } },
		});
		expect(r.status).toBe(204);
		r = await api('POST', '/v3/session?fields=sessionId', createBody());
		expect(r.status).toBe(201);
		expect(Object.keys(r.body)).toEqual(['sessionId']);
		const t = fake.seedToken({});
		r = await api('GET', `/v3/token/${t.tokenId}?fields=state`);
		expect(r.body).toEqual({ state: 'active' });
	});

	test('bodies must be JSON objects with Content-Type application/json', async () => {
		let r = await api('POST', '/v3/session', undefined, {
			raw: JSON.stringify(createBody()),
			headers: { 'content-type': 'text/plain' },
		});
		expect(r.status).toBe(400);
		expect(r.body.error.code).toBe('INVALID_DATA');
		r = await api('POST', '/v3/session', [createBody()]);
		expect(r.status).toBe(400);
		r = await api('POST', '/v3/session', undefined, {
			raw: '{nope',
			headers: { 'content-type': 'application/json' },
		});
		expect(r.status).toBe(400);
	});
});
