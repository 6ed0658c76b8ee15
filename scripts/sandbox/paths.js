'use strict';

/** Where things are in this repository, and where the default n8n line is installed. */
const os = require('node:os');
const path = require('node:path');

const { DEFAULT_LINE, resolveLine } = require('./lines');

const ROOT = path.resolve(__dirname, '..', '..');

/** The default line (N8N_LINE, else the one `npm start` uses); other lines: resolveLine(name). */
const line = resolveLine();

module.exports = {
	ROOT,
	/** The default line's Node, n8n install folder, CLI script and node_modules (scripts/setup-n8n.js). */
	NODE24: line.nodeBin,
	N8N_DIR: line.installDir,
	N8N_BIN: line.n8nBin,
	N8N_MODULES: line.modules,
	SETUP_SCRIPT: path.join(ROOT, 'scripts', 'setup-n8n.js'),
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
			// One per line: a database migrated by a newer n8n does not open in an older one.
			line.name === DEFAULT_LINE ? 'sandbox' : `sandbox-${line.name}`,
		),
};
