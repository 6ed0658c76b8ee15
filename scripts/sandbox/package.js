'use strict';

/**
 * Build, pack and install n8n-nodes-briqpay the way n8n installs a community package
 * (CommunityPackagesService.downloadPackage in n8n 2.40): `npm pack` → unpack into
 * `<N8N_USER_FOLDER>/.n8n/nodes/node_modules/<name>` → drop devDependencies, peerDependencies and
 * optionalDependencies from that copy's package.json → `npm install` its runtime dependencies (this
 * package has none, so nothing is fetched) → record it in `.n8n/nodes/package.json`.
 */
const fs = require('node:fs');
const path = require('node:path');

const { ROOT } = require('./paths');
const { run } = require('./proc');

const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';

/** Environment for npm commands run from here (not the one `npm start` gave us). */
function npmEnv() {
	const env = { ...process.env };
	for (const key of Object.keys(env)) if (key.startsWith('npm_')) delete env[key];
	return env;
}

async function buildPackage({ log } = {}) {
	await run(npm, ['run', 'build'], { cwd: ROOT, env: npmEnv(), log });
}

/** `npm pack` into outDir; returns the tarball's path. */
async function packPackage(outDir, { log } = {}) {
	fs.mkdirSync(outDir, { recursive: true });
	for (const old of fs.readdirSync(outDir)) {
		if (old.endsWith('.tgz')) fs.rmSync(path.join(outDir, old));
	}
	const { stdout } = await run(
		npm,
		['pack', '--json', '--ignore-scripts', '--pack-destination', outDir],
		{
			cwd: ROOT,
			env: npmEnv(),
			log,
		},
	);
	const start = stdout.indexOf('[');
	const [info] = JSON.parse(stdout.slice(start));
	const tarball = path.join(outDir, info.filename);
	if (!fs.existsSync(tarball)) throw new Error(`npm pack did not write ${tarball}`);
	return tarball;
}

/**
 * Installs the tarball into the n8n user folder like n8n does. Replaces an earlier install.
 * Returns {name, version, dir}.
 */
async function installPackage(tarball, userFolder, { log } = {}) {
	const nodesDir = path.join(userFolder, '.n8n', 'nodes');
	const { stdout: pkgText } = await run('tar', ['-xzOf', tarball, 'package/package.json']);
	const { name } = JSON.parse(pkgText);
	if (!/^(@[a-z0-9-]+\/)?n8n-nodes-[a-z0-9-]+$/.test(name)) {
		throw new Error(`${name} is not a community package name`);
	}
	const dir = path.join(nodesDir, 'node_modules', name);
	fs.rmSync(dir, { recursive: true, force: true });
	fs.mkdirSync(dir, { recursive: true });
	await run('tar', ['-xzf', tarball, '-C', dir, '--strip-components=1']);

	const pkgPath = path.join(dir, 'package.json');
	const {
		devDependencies: _dev,
		peerDependencies: _peer,
		optionalDependencies: _optional,
		...pkg
	} = JSON.parse(fs.readFileSync(pkgPath, 'utf8'));
	fs.writeFileSync(pkgPath, JSON.stringify(pkg, null, 2), 'utf8');
	if (!pkg.n8n || !Array.isArray(pkg.n8n.nodes))
		throw new Error(`${name}: package.json has no n8n.nodes`);
	const missing = [...pkg.n8n.nodes, ...(pkg.n8n.credentials ?? [])].filter(
		(file) => !fs.existsSync(path.join(dir, file)),
	);
	if (missing.length) {
		throw new Error(
			`${path.basename(tarball)} lacks ${missing.join(', ')} (was dist/ rebuilt while it was packed? run \`npm run build\` and try again)`,
		);
	}

	if (pkg.dependencies && Object.keys(pkg.dependencies).length > 0) {
		// What n8n runs next. This package has no runtime dependencies, so this never happens here.
		await run(
			npm,
			[
				'install',
				'--audit=false',
				'--fund=false',
				'--bin-links=false',
				'--install-strategy=shallow',
				'--ignore-scripts=true',
				'--package-lock=false',
			],
			{ cwd: dir, env: npmEnv(), log },
		);
	}

	const ledgerPath = path.join(nodesDir, 'package.json');
	let ledger;
	try {
		ledger = JSON.parse(fs.readFileSync(ledgerPath, 'utf8'));
	} catch {
		ledger = undefined;
	}
	if (!ledger || typeof ledger.dependencies !== 'object' || ledger.dependencies === null) {
		ledger = { name: 'installed-nodes', private: true, dependencies: {} };
	}
	ledger.dependencies[name] = pkg.version;
	fs.writeFileSync(ledgerPath, JSON.stringify(ledger, null, 2), 'utf8');
	return { name, version: pkg.version, dir };
}

module.exports = { buildPackage, packPackage, installPackage };

/** Whether dist/ is missing or older than the sources it is built from. */
function buildIsStale() {
	const output = path.join(ROOT, 'dist', 'nodes', 'Briqpay', 'Briqpay.node.js');
	if (!fs.existsSync(output)) return true;
	const builtAt = fs.statSync(output).mtimeMs;
	const newest = (entry) => {
		const stat = fs.statSync(entry);
		if (!stat.isDirectory()) return stat.mtimeMs;
		return Math.max(
			stat.mtimeMs,
			...fs.readdirSync(entry).map((name) => newest(path.join(entry, name))),
		);
	};
	const sources = [
		'nodes',
		'credentials',
		'package.json',
		'tsconfig.json',
		'gulpfile.js',
		'index.js',
	]
		.map((name) => path.join(ROOT, name))
		.filter((entry) => fs.existsSync(entry));
	return Math.max(...sources.map(newest)) > builtAt;
}

module.exports.buildIsStale = buildIsStale;
