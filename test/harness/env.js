'use strict';

/**
 * Process environment for n8n-core, and the one place that resolves n8n's modules.
 *
 * n8n-core reads N8N_USER_FOLDER / N8N_ENCRYPTION_KEY the first time its services are built
 * (InstanceSettings writes `<folder>/.n8n/config`), so this file must be required before
 * anything touches n8n-core. Every n8n module is resolved from n8n-core's own location so the
 * harness uses exactly the copies the engine uses (one `@n8n/di` container, one `n8n-workflow`).
 */

const crypto = require('node:crypto');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const FIXED_ENCRYPTION_KEY = 'n8n-harness-fixed-encryption-key-do-not-use';

/** Chosen when this file loads, created only when a harness opens (nothing to clean otherwise). */
const userFolder = path.join(
	os.tmpdir(),
	`n8n-harness-${process.pid}-${crypto.randomBytes(6).toString('hex')}`,
);

function setEnvironment() {
	process.env.N8N_USER_FOLDER = userFolder;
	process.env.N8N_ENCRYPTION_KEY = process.env.N8N_HARNESS_ENCRYPTION_KEY || FIXED_ENCRYPTION_KEY;
	// Nothing in a test run may phone home or start background work.
	process.env.N8N_DIAGNOSTICS_ENABLED = 'false';
	process.env.N8N_VERSION_NOTIFICATIONS_ENABLED = 'false';
	process.env.N8N_TEMPLATES_ENABLED = 'false';
}

/** Sets the environment again (another file may have changed it) and creates the folder. */
function prepareEnvironment() {
	setEnvironment();
	fs.mkdirSync(path.join(userFolder, '.n8n'), { recursive: true, mode: 0o700 });
	return userFolder;
}

function removeUserFolder() {
	fs.rmSync(userFolder, { recursive: true, force: true });
}

setEnvironment();

/**
 * A `require` that resolves `id` the way code inside `dir` would, but loads it through the
 * calling module system. Under jest that is jest's registry (one realm, one module instance per
 * file); `module.createRequire` would load n8n into Node's outer realm instead, and objects
 * crossing the two realms crash n8n-core (see README, "quirks").
 */
function requireFrom(dir) {
	return (id) => require(require.resolve(id, { paths: [dir] }));
}

const coreDir = path.dirname(require.resolve('n8n-core/package.json'));
/** `require` as seen from inside n8n-core (its nested @n8n/backend-common, @n8n/config, lodash…). */
const coreRequire = requireFrom(coreDir);
coreRequire.resolve = (id) => require.resolve(id, { paths: [coreDir] });
const backendCommonDir = path.dirname(coreRequire.resolve('@n8n/backend-common/package.json'));
/** `require` as seen from inside @n8n/backend-common (winston). */
const backendCommonRequire = requireFrom(backendCommonDir);

/** Throws unless `packageDir` resolves the same n8n-workflow file n8n-core uses. */
function assertSingleWorkflowCopy(packageDir) {
	const fromPackage = require.resolve('n8n-workflow', { paths: [packageDir] });
	const fromCore = coreRequire.resolve('n8n-workflow');
	if (fs.realpathSync(fromPackage) !== fs.realpathSync(fromCore)) {
		throw new Error(
			`The package at ${packageDir} resolves n8n-workflow from ${fromPackage}, but n8n-core uses ${fromCore}. ` +
				'Errors would fail instanceof checks in the engine; keep exactly one copy of n8n-workflow.',
		);
	}
}

module.exports = {
	prepareEnvironment,
	removeUserFolder,
	coreRequire,
	backendCommonRequire,
	assertSingleWorkflowCopy,
};
