'use strict';

/**
 * The pinned n8n (e2e/n8n, Node 24): its CLI (import, publish), `n8n start` in the background,
 * readiness and webhook-registration waits, and a graceful stop.
 */
const fs = require('node:fs');
const path = require('node:path');

const { NODE24, N8N_BIN, N8N_DIR } = require('./paths');
const { run, startBackground, stopBackground } = require('./proc');

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** Runs `n8n <args>` to completion in the sandbox environment. */
async function n8nCli(env, args, { log } = {}) {
	const result = await run(NODE24, [N8N_BIN, ...args], {
		cwd: N8N_DIR,
		env,
		log,
		timeoutMs: 180000,
	});
	// A few commands log an error and still exit 0.
	if (/An error occurred while importing|Error: |UserError/.test(result.stdout + result.stderr)) {
		const tail = `${result.stdout}\n${result.stderr}`.trim().split('\n').slice(-15).join('\n');
		throw new Error(`n8n ${args[0]} reported an error${log ? ` (log: ${log})` : ''}:\n${tail}`);
	}
	return result;
}

async function importCredentials(env, credentials, { workDir, log }) {
	const file = path.join(workDir, 'credentials.json');
	fs.writeFileSync(file, JSON.stringify(credentials, null, 2), { mode: 0o600 });
	try {
		await n8nCli(env, ['import:credentials', `--input=${file}`], { log });
	} finally {
		// It holds the secrets in plain text; n8n stored them encrypted.
		fs.rmSync(file, { force: true });
	}
}

async function importWorkflows(env, workflows, { workDir, log }) {
	const file = path.join(workDir, 'workflows.json');
	fs.writeFileSync(file, JSON.stringify(workflows, null, 2));
	await n8nCli(env, ['import:workflow', `--input=${file}`], { log });
}

/** `n8n publish:workflow` (2.x): marks it active; it is activated when n8n starts. */
async function publishWorkflow(env, id, { log }) {
	await n8nCli(env, ['publish:workflow', `--id=${id}`], { log });
}

function baseUrlOf(env) {
	return `http://127.0.0.1:${env.N8N_PORT}`;
}

/**
 * `n8n start` (or `command`: `worker`, `webhook` in queue mode) in its own process group; output to
 * logFile. Resolves the process handle.
 */
function startN8n(env, { logFile, command = 'start' }) {
	const proc = startBackground(`n8n ${command}`, NODE24, [N8N_BIN, command], {
		cwd: N8N_DIR,
		env,
		logFile,
	});
	proc.baseUrl = baseUrlOf(env);
	proc.logFile = logFile;
	return proc;
}

function tail(file, lines = 40) {
	try {
		return fs.readFileSync(file, 'utf8').trim().split('\n').slice(-lines).join('\n');
	} catch {
		return '';
	}
}

async function exitedOr(proc, ms) {
	const result = await Promise.race([proc.exited, sleep(ms).then(() => undefined)]);
	if (result) {
		throw new Error(
			`n8n exited (code ${result.code}, signal ${result.signal}) - last lines of ${proc.logFile}:\n${tail(proc.logFile)}`,
		);
	}
}

/** GET /healthz/readiness = 200: database migrated, server up. */
async function waitReady(proc, { timeoutMs = 120000 } = {}) {
	const until = Date.now() + timeoutMs;
	while (Date.now() < until) {
		try {
			const response = await fetch(`${proc.baseUrl}/healthz/readiness`, {
				signal: AbortSignal.timeout(3000),
			});
			if (response.status === 200) return;
		} catch {
			// not listening yet
		}
		await exitedOr(proc, 300);
	}
	throw new Error(
		`n8n was not ready after ${timeoutMs / 1000} s - last lines of ${proc.logFile}:\n${tail(proc.logFile)}`,
	);
}

/**
 * Waits until n8n has registered a production webhook. Probes with a method the webhook does not
 * listen on (PUT), so the probe never starts an execution: an unregistered path answers 404 with a
 * "hint" (the workflow must be active); a registered one answers without it.
 */
async function waitWebhook(proc, url, { timeoutMs = 90000, method = 'PUT' } = {}) {
	const until = Date.now() + timeoutMs;
	while (Date.now() < until) {
		try {
			const response = await fetch(url, { method, signal: AbortSignal.timeout(5000) });
			const body = await response.text();
			if (response.status !== 404 || !body.includes('"hint"')) return;
		} catch {
			// not listening yet
		}
		await exitedOr(proc, 300);
	}
	throw new Error(
		`webhook ${url} was not registered after ${timeoutMs / 1000} s (is the workflow published?)`,
	);
}

async function stopN8n(proc, { timeoutMs = 30000 } = {}) {
	await stopBackground(proc, { timeoutMs });
}

module.exports = {
	n8nCli,
	importCredentials,
	importWorkflows,
	publishWorkflow,
	startN8n,
	waitReady,
	waitWebhook,
	stopN8n,
	baseUrlOf,
};
