'use strict';

/**
 * Benchmark 4: the package as users get it.
 * - `npm pack --dry-run --json`: packed size, unpacked size, file count.
 * - runtime `dependencies` in package.json: must be 0 (throws otherwise).
 * - load time in n8n: bench/load-package.js under the sandbox's Node 24, one fresh process per
 *   sample, timing n8n-core's LazyPackageDirectoryLoader on a copy of the installed package placed
 *   outside this repository (so `require('n8n-workflow')` resolves to n8n's copy as in a real
 *   install, not to this repo's devDependency).
 */
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const sb = require('../../scripts/sandbox');
const { fmt, median, percentile, table } = require('./report');

class PackageCheckError extends Error {}

function npmEnv() {
	const env = { ...process.env };
	for (const key of Object.keys(env)) if (key.startsWith('npm_')) delete env[key];
	return env;
}

async function packInfo() {
	const { stdout } = await sb.run('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], {
		cwd: sb.ROOT,
		env: npmEnv(),
	});
	const [info] = JSON.parse(stdout.slice(stdout.indexOf('[')));
	return {
		filename: info.filename,
		packedBytes: info.size,
		unpackedBytes: info.unpackedSize,
		files: info.entryCount ?? info.files.length,
	};
}

function dependencyCounts() {
	const pkg = JSON.parse(fs.readFileSync(path.join(sb.ROOT, 'package.json'), 'utf8'));
	return {
		dependencies: Object.keys(pkg.dependencies ?? {}),
		optionalDependencies: Object.keys(pkg.optionalDependencies ?? {}),
		bundledDependencies: [...(pkg.bundledDependencies ?? pkg.bundleDependencies ?? [])],
		peerDependencies: Object.keys(pkg.peerDependencies ?? {}),
	};
}

async function loadTimes(installedDir, samples) {
	const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'briqpay-bench-load-'));
	try {
		const dir = path.join(tmp, '.n8n', 'nodes', 'node_modules', path.basename(installedDir));
		fs.mkdirSync(path.dirname(dir), { recursive: true });
		fs.cpSync(installedDir, dir, { recursive: true });
		const script = path.join(__dirname, '..', 'load-package.js');
		const out = [];
		for (let i = 0; i < samples; i++) {
			const { stdout } = await sb.run(sb.NODE24, [script, sb.N8N_MODULES, dir], {
				cwd: sb.N8N_DIR,
				timeoutMs: 60000,
			});
			out.push(JSON.parse(stdout.trim().split('\n').pop()));
		}
		return out;
	} finally {
		fs.rmSync(tmp, { recursive: true, force: true });
	}
}

async function benchPackage(ctx, { samples }) {
	const deps = dependencyCounts();
	if (
		deps.dependencies.length ||
		deps.optionalDependencies.length ||
		deps.bundledDependencies.length
	) {
		throw new PackageCheckError(
			`package.json has runtime dependencies (${[...deps.dependencies, ...deps.optionalDependencies, ...deps.bundledDependencies].join(', ')}): there must be none`,
		);
	}
	const pack = await packInfo();
	if (!ctx.installed?.dir) throw new Error('the package is not installed in the bench sandbox');
	const loads = await loadTimes(ctx.installed.dir, samples);
	const first = loads[0];
	return {
		...pack,
		runtimeDependencies: deps.dependencies.length,
		peerDependencies: deps.peerDependencies,
		load: {
			samples,
			medianMs: median(loads.map((l) => l.loadMs)),
			p95Ms: percentile(
				loads.map((l) => l.loadMs),
				95,
			),
			minMs: Math.min(...loads.map((l) => l.loadMs)),
			lazy: first.lazy,
			nodes: first.nodes,
			credentials: first.credentials,
			packageFilesRequired: first.packageFilesRequired,
			modulesFromOutsideN8n: first.modulesFromOutsideN8n,
		},
		targets: { zeroRuntimeDependencies: deps.dependencies.length === 0 },
	};
}

function printPackage(r, say) {
	say('\n4. Package');
	say(
		table([
			[
				'packed',
				'unpacked',
				'files',
				'runtime deps',
				'load in n8n (median)',
				'p95',
				'min',
				'loaded as',
			],
			[
				fmt.kb(r.packedBytes),
				fmt.kb(r.unpackedBytes),
				fmt.int(r.files),
				fmt.int(r.runtimeDependencies),
				fmt.ms(r.load.medianMs),
				fmt.ms(r.load.p95Ms),
				fmt.ms(r.load.minMs),
				`${r.load.lazy ? 'lazy (dist/known)' : 'full load'}: ${r.load.nodes.length} nodes, ${r.load.credentials.length} credential, ${r.load.packageFilesRequired} files`,
			],
		]),
	);
	say(
		`  Load = n8n-core's LazyPackageDirectoryLoader.loadAll() on the installed package (n8n ${'2.40'} start path), Node 24, ${r.load.samples} fresh processes; n8n's own modules preloaded and not counted.`,
	);
}

module.exports = { benchPackage, printPackage, PackageCheckError };
