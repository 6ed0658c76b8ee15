'use strict';

/**
 * Process environment for n8n-core, and the one place that resolves n8n's modules.
 *
 * n8n-core reads N8N_USER_FOLDER / N8N_ENCRYPTION_KEY the first time its services are built
 * (InstanceSettings writes `<folder>/.n8n/config`), so this file must be required before
 * anything touches n8n-core. Every n8n module is resolved from n8n-core's own location so the
 * harness uses exactly the copies the engine uses (one `@n8n/di` container, one `n8n-workflow`).
 */

const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { createRequire } = require('node:module');

const FIXED_ENCRYPTION_KEY = 'n8n-harness-fixed-encryption-key-do-not-use';

let userFolder;

function prepareEnvironment() {
	if (!userFolder) {
		userFolder = fs.mkdtempSync(path.join(os.tmpdir(), 'n8n-harness-'));
	}
	// Re-created when a harness is opened again after the previous one removed it on close().
	fs.mkdirSync(path.join(userFolder, '.n8n'), { recursive: true });
	process.env.N8N_USER_FOLDER = userFolder;
	process.env.N8N_ENCRYPTION_KEY = process.env.N8N_HARNESS_ENCRYPTION_KEY || FIXED_ENCRYPTION_KEY;
	// Nothing in a test run may phone home or start background work.
	process.env.N8N_DIAGNOSTICS_ENABLED = 'false';
	process.env.N8N_VERSION_NOTIFICATIONS_ENABLED = 'false';
	process.env.N8N_TEMPLATES_ENABLED = 'false';
	return userFolder;
}

function removeUserFolder() {
	if (userFolder) {
		fs.rmSync(userFolder, { recursive: true, force: true });
	}
}

prepareEnvironment();

const coreEntry = require.resolve('n8n-core');
/** `require` as seen from inside n8n-core (its nested @n8n/backend-common, @n8n/config, lodash…). */
const coreRequire = createRequire(coreEntry);
const backendCommonEntry = coreRequire.resolve('@n8n/backend-common');
/** `require` as seen from inside @n8n/backend-common (winston). */
const backendCommonRequire = createRequire(backendCommonEntry);

/** Throws unless `packageDir` resolves the same n8n-workflow file n8n-core uses. */
function assertSingleWorkflowCopy(packageDir) {
	const fromPackage = createRequire(path.join(packageDir, 'package.json')).resolve('n8n-workflow');
	const fromCore = coreRequire.resolve('n8n-workflow');
	if (fs.realpathSync(fromPackage) !== fs.realpathSync(fromCore)) {
		throw new Error(
			`The package at ${packageDir} resolves n8n-workflow from ${fromPackage}, but n8n-core uses ${fromCore}. ` +
				'Errors would fail instanceof checks in the engine; keep exactly one copy of n8n-workflow.',
		);
	}
}

module.exports = {
	FIXED_ENCRYPTION_KEY,
	prepareEnvironment,
	removeUserFolder,
	coreRequire,
	backendCommonRequire,
	assertSingleWorkflowCopy,
	getUserFolder: () => userFolder,
};
