'use strict';

/**
 * Shared by the end-to-end test files: the run's state (written by global-setup.js), a logged-in
 * REST client whose answers are kept for the secret check, the stand-in's control client, and
 * ways to find and wait for executions in n8n.
 */
const fs = require('node:fs');

const {
	answerOf,
	FakeControl,
	N8nRest,
	nodeOutput,
	executionError,
	executionsFromDb,
	isFinished,
} = require('../../scripts/sandbox');

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

function loadState() {
	const file = process.env.BRIQPAY_E2E_STATE;
	if (!file)
		throw new Error('BRIQPAY_E2E_STATE is not set: run these tests with `npm run test:e2e`');
	return JSON.parse(fs.readFileSync(file, 'utf8'));
}

const state = loadState();

/** Every REST client of this test file; their answers go to the transcript at the end. */
const clients = [];

async function restClient() {
	const rest = new N8nRest(state.baseUrl);
	await rest.login(state.owner);
	clients.push(rest);
	return rest;
}

/** Appends this file's REST answers to the run's transcript (read by secrets.e2e.js). */
function saveTranscript(label) {
	const text = clients.flatMap((c) => c.transcript).join('\n');
	fs.appendFileSync(state.transcriptFile, `\n===== ${label}\n${text}\n`, { mode: 0o600 });
}

const control = new FakeControl(state.fakeBaseUrl);

/** The secrets of this run as they could leak: plain, and inside a Basic Authorization header. */
function secretNeedles() {
	const basic = (secret) => Buffer.from(`${state.username}:${secret}`).toString('base64');
	return [
		['secret', state.secret],
		['wrong secret', state.wrongSecret],
		['Basic header (secret)', basic(state.secret)],
		['Basic header (wrong secret)', basic(state.wrongSecret)],
		['MCP bearer token', state.mcpToken],
	];
}

/** Names of the needles found in `text` (empty when clean). */
function secretsIn(text) {
	return secretNeedles()
		.filter(([, needle]) => text.includes(needle))
		.map(([name]) => name);
}

async function waitFor(check, { timeoutMs = 30000, intervalMs = 250, what = 'condition' } = {}) {
	const until = Date.now() + timeoutMs;
	let last;
	while (Date.now() < until) {
		last = await check();
		if (last) return last;
		await sleep(intervalMs);
	}
	throw new Error(`timed out after ${timeoutMs / 1000} s waiting for ${what}`);
}

/** Finished executions of a workflow, decoded, cached by id (finished ones never change). */
const cache = new Map();
async function finishedExecutions(rest, workflowId) {
	const list = await rest.executions(workflowId);
	const out = [];
	for (const summary of list) {
		let execution = cache.get(summary.id);
		if (!execution) {
			execution = await rest.execution(summary.id);
			if (!isFinished(execution)) continue;
			cache.set(summary.id, execution);
		}
		out.push(execution);
	}
	return out;
}

/** The trigger's item in an execution started by a Briqpay hook. */
function triggerItem(execution, triggerName = 'Briqpay Trigger') {
	return nodeOutput(execution, triggerName)?.[0];
}

/** Executions of a trigger workflow whose trigger item is about this session. */
async function executionsForSession(rest, workflowId, sessionId, triggerName) {
	const all = await finishedExecutions(rest, workflowId);
	return all.filter((e) => triggerItem(e, triggerName)?.sessionId === sessionId);
}

/** Waits until `count` executions for the session exist, then a little longer to catch extra ones. */
async function waitForSessionExecutions(
	rest,
	workflowId,
	sessionId,
	count,
	{ triggerName, settleMs = 1000 } = {},
) {
	await waitFor(
		async () =>
			(await executionsForSession(rest, workflowId, sessionId, triggerName)).length >= count,
		{
			what: `${count} execution(s) of ${workflowId} for session ${sessionId}`,
		},
	);
	await sleep(settleMs);
	return await executionsForSession(rest, workflowId, sessionId, triggerName);
}

/** API requests the stand-in received, optionally only those after `since` (ISO time). */
async function fakeRequests({ since, method, path } = {}) {
	const all = await control.requests();
	return all.filter(
		(r) =>
			(!since || r.at >= since) &&
			(!method || r.method === method) &&
			(!path || (path instanceof RegExp ? path.test(r.path) : r.path === path)),
	);
}

async function hookDeliveries(sessionId) {
	return (await control.hooks()).filter((d) => d.sessionId === sessionId);
}

/** A hook sent by the test itself (forged or repeated) straight to a production URL. */
async function postHook(
	url,
	payload,
	{ method = 'POST', raw, contentType = 'application/json' } = {},
) {
	let target = url;
	const init = { method, headers: {} };
	if (method === 'GET') {
		const u = new URL(url);
		for (const [k, v] of Object.entries(payload)) u.searchParams.set(k, String(v));
		target = u.toString();
	} else {
		init.headers['content-type'] = contentType;
		init.body = raw ?? JSON.stringify(payload);
	}
	return await answerOf(await fetch(target, init));
}

function nowIso() {
	return new Date().toISOString();
}

module.exports = {
	state,
	control,
	restClient,
	saveTranscript,
	secretNeedles,
	secretsIn,
	waitFor,
	sleep,
	finishedExecutions,
	executionsForSession,
	waitForSessionExecutions,
	triggerItem,
	fakeRequests,
	hookDeliveries,
	postHook,
	nodeOutput,
	executionError,
	executionsFromDb,
	nowIso,
};
