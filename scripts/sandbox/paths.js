'use strict';

/** Where things are in this repository. */
const os = require('node:os');
const path = require('node:path');

const ROOT = path.resolve(__dirname, '..', '..');
const E2E_DIR = path.join(ROOT, 'e2e');

module.exports = {
	ROOT,
	E2E_DIR,
	/** Node 24 from scripts/setup-n8n.sh (n8n 2.40 needs it). */
	NODE24: path.join(E2E_DIR, 'node24', 'bin', 'node'),
	N8N_DIR: path.join(E2E_DIR, 'n8n'),
	N8N_BIN: path.join(E2E_DIR, 'n8n', 'node_modules', 'n8n', 'bin', 'n8n'),
	N8N_MODULES: path.join(E2E_DIR, 'n8n', 'node_modules'),
	SETUP_SCRIPT: path.join(ROOT, 'scripts', 'setup-n8n.sh'),
	ENV_SCRIPT: path.join(ROOT, 'scripts', 'n8n-env.sh'),
	FAKE_CLI: path.join(ROOT, 'test', 'fake-briqpay', 'cli.js'),
	EXAMPLES_DIR: path.join(ROOT, 'examples'),
	/**
	 * The `npm start` sandbox, outside the repository: inside it, Node would resolve the installed
	 * package's `n8n-workflow` to this repository's dev copy instead of n8n's own (two copies of the
	 * error classes). BRIQPAY_SANDBOX_DIR overrides it.
	 */
	SANDBOX_DIR:
		process.env.BRIQPAY_SANDBOX_DIR ||
		path.join(
			process.env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache'),
			'n8n-nodes-briqpay',
			'sandbox',
		),
};
