'use strict';

/**
 * A pinned n8n of one line (scripts/sandbox/lines.js; installed by scripts/setup-n8n.js): its CLI
 * (import, activate), `n8n start` in the background, readiness and webhook-registration waits, and
 * a graceful stop. Every function takes `line` (a name or resolveLine()'s object) in its options;
 * without it, the default line.
 */
const fs = require('node:fs');
const path = require('node:path');

const { resolveLine } = require('./lines');
const { run, startBackground, stopBackground } = require('./proc');

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

const lineOf = (line) => (line && typeof line === 'object' ? line : resolveLine(line || undefined));

/** Runs `n8n <args>` to completion in the sandbox environment. */
async function n8nCli(env, args, { log, line: lineOrName } = {}) {
	const line = lineOf(lineOrName);
	const result = await run(line.nodeBin, [line.n8nBin, ...args], {
		cwd: line.installDir,
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

async function importCredentials(env, credentials, { workDir, log, line }) {
	const file = path.join(workDir, 'credentials.json');
	fs.writeFileSync(file, JSON.stringify(credentials, null, 2), { mode: 0o600 });
	try {
		await n8nCli(env, ['import:credentials', `--input=${file}`], { log, line });
	} finally {
		// It holds the secrets in plain text; n8n stored them encrypted.
		fs.rmSync(file, { force: true });
	}
}

async function importWorkflows(env, workflows, { workDir, log, line }) {
	const file = path.join(workDir, 'workflows.json');
	fs.writeFileSync(file, JSON.stringify(workflows, null, 2));
	await n8nCli(env, ['import:workflow', `--input=${file}`], { log, line });
}

/**
 * Marks a workflow active; n8n activates it when it starts (so run this before `n8n start`):
 * `publish:workflow --id` on 2.x, `update:workflow --id --active=true` on 1.x.
 */
async function publishWorkflow(env, id, { log, line } = {}) {
	await n8nCli(env, lineOf(line).activate(id), { log, line });
}

function baseUrlOf(env) {
	return `http://127.0.0.1:${env.N8N_PORT}`;
}

/**
 * `n8n start` (or `command`: `worker`, `webhook` in queue mode) of a line in its own process group;
 * output to logFile. Resolves the process handle.
 */
function startN8n(env, { logFile, line: lineOrName, command = 'start' }) {
	const line = lineOf(lineOrName);
	const proc = startBackground(`n8n ${command}`, line.nodeBin, [line.n8nBin, command], {
		cwd: line.installDir,
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

/**
 * GET /healthz/readiness = 200 (database migrated, server up), then GET /rest/settings = 200: 1.x
 * answers readiness before it has mounted its REST routes (they answer 404 for a moment). A queue
 * worker or webhook processor has no REST API: `rest: false`.
 */
async function waitReady(proc, { timeoutMs = 120000, rest = true } = {}) {
	const until = Date.now() + timeoutMs;
	for (const probe of rest ? ['/healthz/readiness', '/rest/settings'] : ['/healthz/readiness']) {
		for (;;) {
			if (Date.now() > until) {
				throw new Error(
					`n8n was not ready after ${timeoutMs / 1000} s (${probe}) - last lines of ${proc.logFile}:\n${tail(proc.logFile)}`,
				);
			}
			try {
				const response = await fetch(`${proc.baseUrl}${probe}`, {
					signal: AbortSignal.timeout(3000),
				});
				await response.arrayBuffer();
				if (response.status === 200) break;
			} catch {
				// not listening yet
			}
			await exitedOr(proc, 300);
		}
	}
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
