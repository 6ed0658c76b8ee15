#!/usr/bin/env node
'use strict';

/**
 * Offline run of n8n's verification scanner (@n8n/scan-community-package) on this package.
 *
 * The real scanner only scans published packages (it needs npm provenance and GitHub). Its module
 * exports `analyzePackage(dir, patterns)` and `SOURCE_FILE_PATTERNS`, which this script calls the way
 * `analyzePackageByName` does:
 *   1. source leg:  analyzePackage(<repo root>, SOURCE_FILE_PATTERNS)
 *                   = package.json + {nodes,credentials}/**\/*.{js,ts,json}
 *   2. tarball leg: analyzePackage(<unpacked `npm pack`>, ['**\/*.js', 'package.json'])
 * Both legs lint with inline `eslint-disable` comments ignored. A leg fails on any ESLint error;
 * warnings are listed but do not fail (as in the scanner).
 *
 * Steps: install tools/scanner (`npm ci`, skipped while its stamp matches) → `npm run build` →
 * `npm pack` into a temp dir → unpack → scan both legs → print every problem → exit code.
 *
 * Usage: node scripts/scan.js [--no-build] [--no-install] [--keep]
 *   --no-build    scan the current dist/ (run `npm run build` yourself first)
 *   --no-install  do not install tools/scanner (fails if it is not installed)
 *   --keep        keep the temp dir (tarball + unpacked package) and print its path
 * Exit codes: 0 no problem, 1 problems found, 2 the check itself could not run.
 * See tools/scanner/README.md.
 */

const { spawnSync } = require('node:child_process');
const crypto = require('node:crypto');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { pathToFileURL } = require('node:url');

const ROOT = path.resolve(__dirname, '..');
const SCANNER_DIR = path.join(ROOT, 'tools', 'scanner');
const SCANNER_MODULE = path.join(
	SCANNER_DIR,
	'node_modules',
	'@n8n',
	'scan-community-package',
	'scanner',
	'scanner.mjs',
);
const STAMP = path.join(SCANNER_DIR, 'node_modules', '.scan-install-stamp');
const LOCK_DIR = path.join(SCANNER_DIR, '.install.lock');
/** What the scanner lints in the unpacked tarball (scanner.mjs, analyzePackageByName). */
const TARBALL_FILE_PATTERNS = ['**/*.js', 'package.json'];
/** Bump when the install recipe changes, to force a reinstall. */
const RECIPE = 'scanner-install-v1';

const args = new Set(process.argv.slice(2));
for (const arg of args) {
	if (!['--no-build', '--no-install', '--keep'].includes(arg)) {
		fail(`unknown option ${arg} (use --no-build, --no-install, --keep)`);
	}
}

class SetupError extends Error {}

function fail(message) {
	process.stderr.write(`scan: ${message}\n`);
	process.exit(2);
}

function seconds(start) {
	return `${((Date.now() - start) / 1000).toFixed(1)} s`;
}

function run(command, commandArgs, options = {}) {
	const result = spawnSync(command, commandArgs, {
		cwd: ROOT,
		encoding: 'utf8',
		maxBuffer: 64 * 1024 * 1024,
		...options,
	});
	if (result.error)
		throw new SetupError(`${command} ${commandArgs.join(' ')}: ${result.error.message}`);
	if (result.status !== 0) {
		const output = `${result.stdout || ''}${result.stderr || ''}`
			.trim()
			.split('\n')
			.slice(-40)
			.join('\n');
		throw new SetupError(
			`\`${command} ${commandArgs.join(' ')}\` exited with ${result.status}${output ? `:\n${output}` : ''}`,
		);
	}
	return result;
}

// ---------------------------------------------------------------------------------------------
// 1. The scanner, installed in its own folder from its own lockfile

function installFingerprint() {
	const hash = crypto.createHash('sha256').update(RECIPE);
	for (const file of ['package.json', 'package-lock.json', '.npmrc']) {
		const full = path.join(SCANNER_DIR, file);
		hash.update(`\0${file}\0`);
		if (fs.existsSync(full)) hash.update(fs.readFileSync(full));
	}
	return hash.digest('hex');
}

function isInstalled(fingerprint) {
	return (
		fs.existsSync(SCANNER_MODULE) &&
		fs.existsSync(STAMP) &&
		fs.readFileSync(STAMP, 'utf8').trim() === fingerprint
	);
}

function withInstallLock(fn) {
	const deadline = Date.now() + 10 * 60 * 1000;
	for (;;) {
		try {
			fs.mkdirSync(LOCK_DIR);
			break;
		} catch (error) {
			if (error.code !== 'EEXIST') throw error;
			const age = Date.now() - fs.statSync(LOCK_DIR).mtimeMs;
			if (age > 15 * 60 * 1000) {
				fs.rmSync(LOCK_DIR, { recursive: true, force: true }); // left by a killed install
				continue;
			}
			if (Date.now() > deadline) throw new SetupError(`${LOCK_DIR} is held by another install`);
			spawnSync('sleep', ['1']);
		}
	}
	try {
		return fn();
	} finally {
		fs.rmSync(LOCK_DIR, { recursive: true, force: true });
	}
}

/** The versions that matter: typescript-eslint must see TypeScript 5.9, not the scanner's own 7. */
function checkInstalledVersions() {
	const from = (dir) => require(require.resolve(path.join(dir, 'package.json')));
	const nm = path.join(SCANNER_DIR, 'node_modules');
	const scannerVersion = from(path.join(nm, '@n8n', 'scan-community-package')).version;
	const estree = path.dirname(
		require.resolve('@typescript-eslint/typescript-estree/package.json', { paths: [nm] }),
	);
	const tsForEslint = require(
		require.resolve('typescript/package.json', { paths: [estree] }),
	).version;
	if (!tsForEslint.startsWith('5.')) {
		throw new SetupError(
			`typescript-eslint resolves TypeScript ${tsForEslint} in tools/scanner; it needs 5.x ` +
				'(keep "typescript": "5.9.2" in tools/scanner/package.json)',
		);
	}
	return { scannerVersion, tsForEslint };
}

function ensureScanner() {
	const start = Date.now();
	const fingerprint = installFingerprint();
	if (isInstalled(fingerprint)) return { installed: false, took: seconds(start) };
	if (args.has('--no-install')) {
		throw new SetupError(
			'tools/scanner is not installed (or its lockfile changed); run without --no-install',
		);
	}
	return withInstallLock(() => {
		if (isInstalled(fingerprint)) return { installed: false, took: seconds(start) };
		if (!fs.existsSync(path.join(SCANNER_DIR, 'package-lock.json'))) {
			throw new SetupError('tools/scanner/package-lock.json is missing');
		}
		process.stdout.write(
			'installing tools/scanner (npm ci, follows tools/scanner/package-lock.json)…\n',
		);
		fs.rmSync(STAMP, { force: true });
		// tools/scanner/.npmrc: ignore-scripts (eslint-plugin-n8n-nodes-base's preinstall only allows
		// pnpm; nothing here needs an install script), legacy-peer-deps (n8n-workflow is a peer of the
		// community-nodes plugin and is pinned explicitly instead).
		run('npm', ['ci', '--no-audit', '--no-fund'], { cwd: SCANNER_DIR });
		fs.writeFileSync(STAMP, `${fingerprint}\n`);
		return { installed: true, took: seconds(start) };
	});
}

// ---------------------------------------------------------------------------------------------
// 2. Build, pack, unpack

function build() {
	const start = Date.now();
	run('npm', ['run', 'build']);
	const extra = fs
		.readdirSync(path.join(ROOT, 'dist'))
		.filter((entry) => !['nodes', 'credentials'].includes(entry));
	if (extra.length)
		throw new SetupError(`dist/ holds more than nodes/ and credentials/: ${extra.join(', ')}`);
	return seconds(start);
}

function packAndUnpack(tempDir) {
	const start = Date.now();
	const result = run('npm', ['pack', '--json', '--ignore-scripts', '--pack-destination', tempDir]);
	const [info] = JSON.parse(result.stdout.slice(result.stdout.indexOf('[')));
	const tarball = path.join(tempDir, info.filename);
	const packageDir = path.join(tempDir, 'package');
	fs.mkdirSync(packageDir);
	// As the scanner does: tar -xzf <tarball> -C <dir> --strip-components=1
	run('tar', ['-xzf', tarball, '-C', packageDir, '--strip-components=1']);
	return { info, tarball, packageDir, took: seconds(start) };
}

// ---------------------------------------------------------------------------------------------
// 3. Scan

async function loadScanner(tempDir) {
	// scanner.mjs creates a tmp dir when imported (and never removes it): keep it in ours.
	const savedTmp = process.env.TMPDIR;
	process.env.TMPDIR = tempDir;
	try {
		const scanner = await import(pathToFileURL(SCANNER_MODULE).href);
		const eslintEntry = require.resolve('eslint', { paths: [path.dirname(SCANNER_MODULE)] });
		const { ESLint } = require(eslintEntry);
		const glob = require(require.resolve('fast-glob', { paths: [path.dirname(SCANNER_MODULE)] }));
		return { scanner, ESLint, glob };
	} finally {
		if (savedTmp === undefined) delete process.env.TMPDIR;
		else process.env.TMPDIR = savedTmp;
	}
}

/**
 * The same lint as analyzePackage (same config, files and options), kept as structured results so
 * every problem can be listed with its rule, and warnings too (analyzePackage only returns text, and
 * nothing when a leg has warnings only).
 */
async function listProblems({ scanner, ESLint, glob }, dir, patterns) {
	const eslint = new ESLint({
		cwd: dir,
		allowInlineConfig: false,
		overrideConfigFile: true,
		overrideConfig: await scanner.buildScanConfig(),
	});
	const files = glob.sync(patterns, {
		cwd: dir,
		absolute: true,
		ignore: ['node_modules/**', '**/package-lock.json'],
	});
	const results = files.length ? await eslint.lintFiles(files) : [];
	const problems = [];
	for (const result of results) {
		for (const message of result.messages) {
			problems.push({
				file: path.relative(dir, result.filePath),
				line: message.line || 0,
				column: message.column || 0,
				severity: message.severity === 2 ? 'error' : 'warning',
				rule: message.ruleId || '(parser)',
				message: message.message,
			});
		}
	}
	return { files: files.length, problems };
}

async function scanLeg(loaded, name, dir, patterns) {
	const start = Date.now();
	const verdict = await loaded.scanner.analyzePackage(dir, patterns);
	const verdictTook = seconds(start);
	const listing = await listProblems(loaded, dir, patterns);
	const errors = listing.problems.filter((p) => p.severity === 'error');
	const warnings = listing.problems.filter((p) => p.severity === 'warning');
	const passed = verdict.passed && errors.length === 0;

	const lines = [];
	lines.push(
		`${passed ? 'PASS' : 'FAIL'}  ${name}: ${listing.files} files, ${errors.length} errors, ` +
			`${warnings.length} warnings (analyzePackage: ${verdict.passed ? 'passed' : 'failed'} in ${verdictTook})`,
	);
	for (const p of listing.problems) {
		lines.push(
			`      ${p.severity.padEnd(7)} ${p.file}:${p.line}:${p.column}  ${p.rule}  ${p.message}`,
		);
	}
	if (!verdict.passed && errors.length === 0) {
		// The verdict failed for a reason the listing does not show (e.g. an exception in a rule).
		lines.push(`      analyzePackage: ${verdict.message}`);
		if (verdict.details) lines.push(verdict.details.replace(/^/gm, '      '));
	}
	return { passed, text: lines.join('\n') };
}

// ---------------------------------------------------------------------------------------------

async function main() {
	const totalStart = Date.now();
	const tempDir = fs.mkdtempSync(path.join(os.tmpdir(), 'briqpay-scan-'));
	try {
		const install = ensureScanner();
		const { scannerVersion, tsForEslint } = checkInstalledVersions();
		process.stdout.write(
			`scanner  @n8n/scan-community-package@${scannerVersion} (TypeScript ${tsForEslint} for ` +
				`typescript-eslint): ${install.installed ? 'installed' : 'already installed'} in ${install.took}\n`,
		);

		if (args.has('--no-build')) {
			if (!fs.existsSync(path.join(ROOT, 'dist')))
				throw new SetupError('dist/ is missing: run `npm run build`');
			process.stdout.write('build    skipped (--no-build)\n');
		} else {
			process.stdout.write(`build    npm run build: ${build()}\n`);
		}

		const pack = packAndUnpack(tempDir);
		const tops = [
			...new Set(pack.info.files.map((f) => f.path.split('/').slice(0, 2).join('/'))),
		].sort();
		process.stdout.write(
			`pack     ${pack.info.filename}: ${pack.info.files.length} files, ${pack.info.size} bytes ` +
				`(${tops.join(', ')}) in ${pack.took}\n`,
		);

		const loaded = await loadScanner(tempDir);
		const source = await scanLeg(
			loaded,
			'source  (package.json, nodes/, credentials/)',
			ROOT,
			loaded.scanner.SOURCE_FILE_PATTERNS,
		);
		const tarball = await scanLeg(
			loaded,
			'tarball (**/*.js, package.json of the npm pack)',
			pack.packageDir,
			TARBALL_FILE_PATTERNS,
		);
		process.stdout.write(`${source.text}\n${tarball.text}\n`);

		const passed = source.passed && tarball.passed;
		process.stdout.write(
			`${passed ? 'scan passed' : 'scan FAILED: the verification scanner would reject this package'} ` +
				`(${seconds(totalStart)})\n`,
		);
		return passed ? 0 : 1;
	} finally {
		if (args.has('--keep')) process.stdout.write(`kept     ${tempDir}\n`);
		else fs.rmSync(tempDir, { recursive: true, force: true });
	}
}

main().then(
	(code) => process.exit(code),
	(error) => fail(error instanceof SetupError ? error.message : error.stack || String(error)),
);
