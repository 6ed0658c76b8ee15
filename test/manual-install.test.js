'use strict';

/**
 * The README's manual install — `cd ~/.n8n/nodes && npm install n8n-nodes-briqpay` — the path of
 * Docker and queue-mode users. It must add this package and nothing else: n8n supplies
 * n8n-workflow, so npm must not install its own copy (a second copy breaks `instanceof` checks in
 * n8n, and n8n-workflow 2.41 pulls a native module that does not build below Node 24).
 *
 * The test packs the built package and installs the tarball into a fresh folder shaped like n8n's
 * `nodes/` folder, with plain npm: no flags, none of this repository's npm settings (the folder is
 * outside the repository and every npm_config_* variable that `npm test` passes down is removed).
 */
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const ROOT = path.resolve(__dirname, '..');
const pkg = require('../package.json');
/** What a build needs: the sources, the build configuration and the npm settings. */
const SOURCES = [
	'package.json',
	'.npmrc',
	'tsconfig.json',
	'gulpfile.js',
	'index.js',
	'nodes',
	'credentials',
	'LICENSE',
	'README.md',
];

/** The environment of a user's shell: what `npm test` adds for its children is taken out. */
function plainEnv() {
	const env = {};
	for (const [key, value] of Object.entries(process.env)) {
		if (!/^npm_/i.test(key) && key !== 'INIT_CWD') env[key] = value;
	}
	return env;
}

function npm(args, cwd) {
	const result = spawnSync('npm', args, {
		cwd,
		env: plainEnv(),
		encoding: 'utf8',
		timeout: 180000,
	});
	return { code: result.status, output: `${result.stdout}${result.stderr}`, error: result.error };
}

describe('manual install into an n8n nodes folder', () => {
	let dir;
	let install;

	beforeAll(() => {
		dir = fs.mkdtempSync(path.join(os.tmpdir(), 'briqpay-manual-install-'));
		for (const entry of pkg.n8n.nodes.concat(pkg.n8n.credentials)) {
			if (!fs.existsSync(path.join(ROOT, entry)))
				throw new Error(`${entry} is not built: run npm run build`);
		}
		const packed = npm(['pack', '--ignore-scripts', '--pack-destination', dir, '--silent'], ROOT);
		if (packed.code !== 0) throw new Error(`npm pack failed:\n${packed.output}`);
		const tarball = path.join(dir, packed.output.trim().split('\n').pop());

		// What n8n writes into ~/.n8n/nodes when it installs community packages.
		const nodesDir = path.join(dir, 'nodes');
		fs.mkdirSync(nodesDir);
		fs.writeFileSync(
			path.join(nodesDir, 'package.json'),
			JSON.stringify({ name: 'installed-nodes', private: true, dependencies: {} }, null, 2),
		);
		install = { nodesDir, tarball, ...npm(['install', tarball], nodesDir) };
	}, 240000);

	afterAll(() => {
		if (dir) fs.rmSync(dir, { recursive: true, force: true });
	});

	test('npm install <tarball> succeeds with no flags', () => {
		expect(install.error).toBeUndefined();
		expect({ code: install.code, output: install.output }).toEqual({
			code: 0,
			output: expect.any(String),
		});
		expect(install.output).not.toMatch(/npm (error|ERR!)/);
	});

	test('node_modules holds this package and nothing else (no second n8n-workflow)', () => {
		const entries = fs
			.readdirSync(path.join(install.nodesDir, 'node_modules'))
			.filter((e) => !e.startsWith('.'));
		expect(entries).toEqual(['n8n-nodes-briqpay']);
		const lock = JSON.parse(
			fs.readFileSync(path.join(install.nodesDir, 'package-lock.json'), 'utf8'),
		);
		expect(Object.keys(lock.packages).filter(Boolean)).toEqual(['node_modules/n8n-nodes-briqpay']);
	});

	test('the installed copy holds the built nodes and credential that n8n loads', () => {
		const installed = path.join(install.nodesDir, 'node_modules', 'n8n-nodes-briqpay');
		const manifest = JSON.parse(fs.readFileSync(path.join(installed, 'package.json'), 'utf8'));
		expect(manifest.peerDependenciesMeta).toEqual({ 'n8n-workflow': { optional: true } });
		for (const entry of manifest.n8n.nodes.concat(manifest.n8n.credentials)) {
			expect(fs.existsSync(path.join(installed, entry))).toBe(true);
		}
	});
});

describe('npm pack of a tree that was never built', () => {
	let dir;
	let packed;

	beforeAll(() => {
		// A copy of the repository's tracked sources with no dist/ (node_modules is shared by a link).
		dir = fs.mkdtempSync(path.join(os.tmpdir(), 'briqpay-unbuilt-pack-'));
		const tree = path.join(dir, 'tree');
		const tracked = spawnSync('git', ['ls-files', '-z', '--', ...SOURCES], {
			cwd: ROOT,
			encoding: 'utf8',
		});
		if (tracked.status !== 0) throw new Error(`git ls-files failed: ${tracked.stderr}`);
		for (const file of tracked.stdout.split('\0').filter(Boolean)) {
			fs.mkdirSync(path.dirname(path.join(tree, file)), { recursive: true });
			fs.copyFileSync(path.join(ROOT, file), path.join(tree, file));
		}
		fs.symlinkSync(path.join(ROOT, 'node_modules'), path.join(tree, 'node_modules'), 'dir');
		packed = { tree, ...npm(['pack', '--pack-destination', dir], tree) };
	}, 240000);

	afterAll(() => {
		if (dir) fs.rmSync(dir, { recursive: true, force: true });
	});

	test('builds first: the tarball holds the nodes and the credential n8n loads', () => {
		expect({ code: packed.code, error: packed.error }).toEqual({ code: 0, error: undefined });
		const tarball = fs.readdirSync(dir).find((entry) => entry.endsWith('.tgz'));
		const listing = spawnSync('tar', ['-tzf', path.join(dir, tarball)], {
			encoding: 'utf8',
		}).stdout.split('\n');
		for (const entry of pkg.n8n.nodes.concat(pkg.n8n.credentials)) {
			expect(listing).toContain(`package/${entry}`);
		}
	});
});
