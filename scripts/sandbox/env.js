'use strict';

/**
 * The environment n8n runs in: exactly what `source scripts/n8n-env.sh` exports (loopback only,
 * every outbound feature off, fixed encryption key, Node 24 first on PATH), read from a bash that
 * sourced it, plus the sandbox's own settings (execution saving, log level).
 */
const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const net = require('node:net');

const { ENV_SCRIPT, NODE24, N8N_BIN } = require('./paths');

/** A free TCP port on 127.0.0.1. */
function freePort() {
	return new Promise((resolve, reject) => {
		const server = net.createServer();
		server.unref();
		server.on('error', reject);
		server.listen(0, '127.0.0.1', () => {
			const { port } = server.address();
			server.close(() => resolve(port));
		});
	});
}

/** Whether something already listens on 127.0.0.1:port. */
function portInUse(port) {
	return new Promise((resolve) => {
		const server = net.createServer();
		server.unref();
		server.once('error', () => resolve(true));
		server.listen(port, '127.0.0.1', () => server.close(() => resolve(false)));
	});
}

function assertInstalled() {
	if (!fs.existsSync(NODE24) || !fs.existsSync(N8N_BIN)) {
		throw new Error(
			`The pinned n8n is not installed (${NODE24} or ${N8N_BIN} missing). Run scripts/setup-n8n.sh first.`,
		);
	}
}

/**
 * Environment for every n8n command of one user folder.
 * @param {{userFolder: string, port: number, brokerPort: number, extra?: object}} opts
 */
function n8nEnv({ userFolder, port, brokerPort, extra = {} }) {
	assertInstalled();
	const base = { ...process.env };
	// Nothing of the caller's npm/jest context should leak into n8n.
	for (const key of Object.keys(base)) {
		if (key === 'N8N_LOG_LEVEL') continue;
		if (key.startsWith('npm_') || key.startsWith('N8N_') || key === 'WEBHOOK_URL') delete base[key];
	}
	delete base.NODE_OPTIONS;
	delete base.JEST_WORKER_ID;
	// jest sets NODE_ENV=test, which silences n8n's logger and makes `n8n start` exit.
	delete base.NODE_ENV;
	Object.assign(base, {
		N8N_USER_FOLDER: userFolder,
		N8N_PORT: String(port),
		N8N_RUNNERS_BROKER_PORT: String(brokerPort),
	});
	const dump = execFileSync(
		'bash',
		['-c', 'source "$1" >/dev/null || exit 1; env -0', 'n8n-env', ENV_SCRIPT],
		{ env: base, encoding: 'utf8', maxBuffer: 16 * 1024 * 1024 },
	);
	const env = {};
	for (const entry of dump.split('\0')) {
		const at = entry.indexOf('=');
		if (at > 0) env[entry.slice(0, at)] = entry.slice(at + 1);
	}
	for (const key of ['N8N_LISTEN_ADDRESS', 'N8N_WEBHOOK_URL', 'N8N_ENCRYPTION_KEY']) {
		if (!env[key]) throw new Error(`scripts/n8n-env.sh did not export ${key}`);
	}
	if (env.N8N_LISTEN_ADDRESS !== '127.0.0.1') throw new Error('n8n must listen on 127.0.0.1 only');
	Object.assign(env, {
		// Keep every execution (the tests and the editor's Executions list read them).
		EXECUTIONS_DATA_SAVE_ON_SUCCESS: 'all',
		EXECUTIONS_DATA_SAVE_ON_ERROR: 'all',
		EXECUTIONS_DATA_SAVE_MANUAL_EXECUTIONS: 'true',
		EXECUTIONS_DATA_PRUNE: 'false',
		N8N_LOG_OUTPUT: 'console',
		N8N_LOG_LEVEL: env.N8N_LOG_LEVEL || 'info',
		// The runner broker and every other internal port are on loopback already (n8n-env.sh).
		...extra,
	});
	return env;
}

module.exports = { n8nEnv, freePort, portInUse, assertInstalled };
