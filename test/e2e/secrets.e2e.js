'use strict';

/**
 * Runs last (test/e2e/sequencer.js). After every other end-to-end test has used both credentials
 * (the stand-in's secret, and a wrong one that Briqpay refused) and the MCP example's bearer token,
 * no secret, nor the Basic Authorization header built from one, appears in anything n8n keeps or says: execution records
 * (read over REST and straight from the database), REST answers, n8n's stdout/stderr log.
 */
const fs = require('node:fs');

const {
	state,
	restClient,
	saveTranscript,
	secretNeedles,
	secretsIn,
	executionsFromDb,
} = require('./helpers');

let rest;

beforeAll(async () => {
	rest = await restClient();
});

test('the secrets are the ones the other tests used', () => {
	expect(state.secret).toMatch(/^e2e-secret-[0-9a-f]{24}$/);
	expect(state.wrongSecret).toMatch(/^e2e-wrong-[0-9a-f]{24}$/);
	expect(secretNeedles()).toHaveLength(5);
	// The check itself finds them.
	expect(secretsIn(`{"x":"${state.wrongSecret}"}`)).toEqual(['wrong secret']);
	const header = Buffer.from(`${state.username}:${state.secret}`).toString('base64');
	expect(secretsIn(`authorization: Basic ${header}`)).toEqual(['Basic header (secret)']);
});

test('no execution holds a secret (REST API and database)', async () => {
	const summaries = await rest.allExecutions();
	// The other files ran workflows with both credentials; some failed with Briqpay's 403.
	expect(summaries.length).toBeGreaterThan(15);
	expect(summaries.some((e) => e.status === 'error')).toBe(true);
	const leaks = [];
	for (const summary of summaries) {
		const execution = await rest.execution(summary.id);
		const found = secretsIn(JSON.stringify(execution));
		if (found.length)
			leaks.push(`execution ${summary.id} (${summary.workflowName}): ${found.join(', ')}`);
	}
	expect(leaks).toEqual([]);

	const fromDb = await executionsFromDb(state.userFolder);
	expect(fromDb.map((e) => e.id).sort()).toEqual(summaries.map((e) => String(e.id)).sort());
	expect(fromDb.flatMap((e) => secretsIn(JSON.stringify(e)))).toEqual([]);
});

test('no REST answer holds a secret', async () => {
	// What the editor loads for credentials, including their data.
	const { body: credentials } = await rest.request('GET', '/rest/credentials?includeData=true');
	expect(credentials.map((c) => c.id).sort()).toEqual([
		'briqpaySandbox01',
		'briqpayWrongKey1',
		'mcpBearerSandbx1',
	]);
	for (const c of credentials) await rest.credential(c.id, { includeData: true });
	await rest.request('GET', '/rest/workflows');
	saveTranscript('secrets.e2e.js');

	const transcript = fs.readFileSync(state.transcriptFile, 'utf8');
	expect(transcript).toMatch(/POST \/rest\/credentials\/test 200/); // the credential tests are in it
	expect(transcript.length).toBeGreaterThan(10000);
	expect(secretsIn(transcript)).toEqual([]);
});

test("n8n's log (stdout and stderr) holds no secret", () => {
	const log = fs.readFileSync(state.n8nLog, 'utf8');
	expect(log).toMatch(/Editor is now accessible/);
	expect(secretsIn(log)).toEqual([]);
});
