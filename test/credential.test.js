'use strict';

/** The credential's own test, as n8n's "Test" button runs it (declarative request + rules). */
const { setup } = require('./helpers');

const t = setup({
	fakeOptions: {
		accounts: [
			{ username: 'test-user', secret: 'test-secret-s3cr3t' },
			{ username: 'expired-user', secret: 'old-secret', expired: true },
		],
	},
});

const data = (extra) => ({ ...t.credentials.briqpayApi, ...extra });

test('valid keys: connection successful, with the Basic header and a cheap probe', async () => {
	const result = await t.harness.testCredential(
		'briqpayApi',
		data({ baseUrl: `${t.fake.baseUrl}/` }),
	);
	expect(result).toEqual({ status: 'OK', message: 'Connection successful!' });
	const [request] = t.requests();
	expect(request.method).toBe('GET');
	expect(request.path).toBe('/v3/session/00000000-0000-0000-0000-000000000000');
	expect(request.query).toEqual({ fields: 'none' });
	expect(request.headers.authorization).toBe(
		`Basic ${Buffer.from('test-user:test-secret-s3cr3t').toString('base64')}`,
	);
});

test.each([
	[
		'a wrong secret',
		{ secret: 'nope' },
		/INVALID_CREDENTIALS.*Playground and Production have separate keys/,
	],
	[
		'an unknown username',
		{ username: 'prod-user-in-playground' },
		/INVALID_API_KEY.*Playground and Production have separate keys/,
	],
	['an expired secret', { username: 'expired-user', secret: 'old-secret' }, /AUTH_SECRET_EXPIRED/],
])('%s is named in words', async (_label, extra, message) => {
	const result = await t.harness.testCredential('briqpayApi', data(extra));
	expect(result.status).toBe('Error');
	expect(result.message).toMatch(message);
	expect(result.message).not.toContain(extra.secret ?? 'test-secret-s3cr3t');
});

test('an unreachable base URL fails the test', async () => {
	const result = await t.harness.testCredential(
		'briqpayApi',
		data({ baseUrl: 'http://127.0.0.1:9' }),
	);
	expect(result.status).toBe('Error');
});

test('a webhook signing secret in the credential changes nothing for API calls and is never sent', async () => {
	const withSigning = data({ baseUrl: t.fake.baseUrl, webhookSigningSecret: 'whsec-never-sent' });
	expect(await t.harness.testCredential('briqpayApi', withSigning)).toEqual({
		status: 'OK',
		message: 'Connection successful!',
	});
	// the action node authenticates like any node using the credential (n8n applies its `authenticate`)
	const session = t.fake.seedSession({ status: 'completed' });
	const run = await t.briqpay(
		{ resource: 'session', operation: 'get', sessionId: session.sessionId },
		{ credentials: { briqpayApi: withSigning } },
	);
	expect(run.items[0].json.sessionId).toBe(session.sessionId);
	expect(t.requests().map((r) => r.headers.authorization)).toEqual([
		`Basic ${Buffer.from('test-user:test-secret-s3cr3t').toString('base64')}`,
		`Basic ${Buffer.from('test-user:test-secret-s3cr3t').toString('base64')}`,
	]);
	expect(
		JSON.stringify(t.requests()) + JSON.stringify(run.items) + JSON.stringify(run.logs),
	).not.toContain('whsec-never-sent');
});
