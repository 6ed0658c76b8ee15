'use strict';

/**
 * The environment n8n runs in: loopback only, every outbound feature off, a fixed encryption key,
 * the line's Node first on PATH, the line's own settings (scripts/sandbox/lines.js), plus the
 * sandbox's (execution saving, log level). Why each variable is there: e2e/README.md.
 */
const fs = require('node:fs');
const net = require('node:net');
const path = require('node:path');

const { resolveLine } = require('./lines');

/** Fixed so credentials imported with `n8n import:credentials` decrypt in every command of a run. */
const ENCRYPTION_KEY = 'n8n-nodes-briqpay-e2e-not-a-secret-0000';

/** Off: every feature that would call out of the machine. */
const OUTBOUND_OFF = [
	'N8N_DIAGNOSTICS_ENABLED',
	'N8N_PERSONALIZATION_ENABLED',
	'N8N_VERSION_NOTIFICATIONS_ENABLED',
	'N8N_VERSION_NOTIFICATIONS_WHATS_NEW_ENABLED',
	'N8N_TEMPLATES_ENABLED',
	'N8N_HIRING_BANNER_ENABLED',
	'N8N_DYNAMIC_BANNERS_ENABLED',
	'N8N_LICENSE_AUTO_RENEW_ENABLED',
	'N8N_AI_ENABLED',
	'N8N_VERIFIED_PACKAGES_ENABLED',
	'N8N_REINSTALL_MISSING_PACKAGES',
];

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

function assertInstalled(line = resolveLine()) {
	if (!fs.existsSync(line.nodeBin) || !fs.existsSync(line.readyFile)) {
		throw new Error(
			`n8n ${line.n8nVersion} (line ${line.name}) is not installed (${line.readyFile} missing). Run: node scripts/setup-n8n.js ${line.name}`,
		);
	}
}

/**
 * Environment for every n8n command of one user folder.
 * @param {{userFolder: string, port: number, brokerPort: number, extra?: object, line?: string|object}} opts
 */
function n8nEnv({ userFolder, port, brokerPort, extra = {}, line: lineOrName }) {
	const line =
		lineOrName && typeof lineOrName === 'object'
			? lineOrName
			: resolveLine(lineOrName || undefined);
	assertInstalled(line);
	const env = { ...process.env };
	// Nothing of the caller's npm/jest context should leak into n8n.
	for (const key of Object.keys(env)) {
		if (key === 'N8N_LOG_LEVEL') continue;
		if (key.startsWith('npm_') || key.startsWith('N8N_') || key === 'WEBHOOK_URL') delete env[key];
	}
	delete env.NODE_OPTIONS;
	delete env.JEST_WORKER_ID;
	// jest sets NODE_ENV=test, which silences n8n's logger and makes `n8n start` exit.
	delete env.NODE_ENV;
	const tmp = path.join(userFolder, 'tmp');
	fs.mkdirSync(path.join(userFolder, '.n8n'), { recursive: true });
	fs.mkdirSync(tmp, { recursive: true });
	Object.assign(env, {
		// The line's Node first: n8n spawns its task runner with `node` from PATH.
		PATH: `${path.dirname(line.nodeBin)}${path.delimiter}${env.PATH}`,
		TMPDIR: tmp,
		N8N_USER_FOLDER: userFolder,
		N8N_PORT: String(port),
		N8N_RUNNERS_BROKER_PORT: String(brokerPort),
		N8N_LISTEN_ADDRESS: '127.0.0.1',
		N8N_HOST: '127.0.0.1',
		N8N_PROTOCOL: 'http',
		N8N_RUNNERS_BROKER_LISTEN_ADDRESS: '127.0.0.1',
		// 2.x reads N8N_WEBHOOK_URL (WEBHOOK_URL only as a deprecated fallback); 1.x reads WEBHOOK_URL.
		[line.webhookUrlVar]: `http://127.0.0.1:${port}/`,
		N8N_ENCRYPTION_KEY: ENCRYPTION_KEY,
		N8N_ENFORCE_SETTINGS_FILE_PERMISSIONS: 'true',
		DB_TYPE: 'sqlite',
		...Object.fromEntries(OUTBOUND_OFF.map((key) => [key, 'false'])),
		// Off by default in 2.x; spelled out because the sandbox calls a stand-in API on 127.0.0.1.
		N8N_SSRF_PROTECTION_ENABLED: 'false',
		...line.env,
		// Keep every execution (the tests and the editor's Executions list read them).
		EXECUTIONS_DATA_SAVE_ON_SUCCESS: 'all',
		EXECUTIONS_DATA_SAVE_ON_ERROR: 'all',
		EXECUTIONS_DATA_SAVE_MANUAL_EXECUTIONS: 'true',
		EXECUTIONS_DATA_PRUNE: 'false',
		N8N_LOG_OUTPUT: 'console',
		N8N_LOG_LEVEL: process.env.N8N_LOG_LEVEL || 'info',
		...extra,
	});
	if (env.N8N_LISTEN_ADDRESS !== '127.0.0.1') throw new Error('n8n must listen on 127.0.0.1 only');
	return env;
}

/** The public base URL of webhooks in an environment made by n8nEnv. */
function webhookBaseOf(env) {
	return env.N8N_WEBHOOK_URL || env.WEBHOOK_URL;
}

module.exports = { n8nEnv, freePort, portInUse, assertInstalled, webhookBaseOf, ENCRYPTION_KEY };
