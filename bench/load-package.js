'use strict';

/**
 * Child process of the package benchmark, run with the sandbox's Node 24 (one fresh process per
 * sample): how long n8n's own loader takes to load the installed package, the way n8n 2.40 does at
 * start for a community package: LoadNodesAndCredentials.init() puts n8n's module paths on
 * NODE_PATH (so the package's `require('n8n-workflow')` gets n8n's copy, already loaded), then
 * loadNodesFromNodeModules() runs `new LazyPackageDirectoryLoader(dir).loadAll()`, which falls
 * back to a full load (every node and credential class required and instantiated) when the package
 * ships no dist/known/*.json. Prints one JSON line.
 *
 *   e2e/node24/bin/node bench/load-package.js <n8n's node_modules> <installed package dir>
 */
const Module = require('node:module');
const path = require('node:path');

const ms = (from, to) => Number(to - from) / 1e6;

async function main() {
	const [modules, dir] = process.argv.slice(2);
	const n8nDist = path.join(modules, 'n8n', 'dist');
	process.env.NODE_PATH = [
		Module._nodeModulePaths(n8nDist).join(path.delimiter),
		process.env.NODE_PATH,
	]
		.filter(Boolean)
		.join(path.delimiter);
	Module._initPaths();

	const t0 = process.hrtime.bigint();
	require(path.join(modules, 'n8n-workflow'));
	const core = require(path.join(modules, 'n8n-core'));
	const t1 = process.hrtime.bigint();
	const loader = new core.LazyPackageDirectoryLoader(dir);
	await loader.loadAll();
	const t2 = process.hrtime.bigint();
	const loadedFiles = Object.keys(require.cache).filter((file) => file.startsWith(dir)).length;
	const foreign = Object.keys(require.cache).filter(
		(file) => file !== __filename && !file.startsWith(dir) && !file.startsWith(modules),
	);
	process.stdout.write(
		`${JSON.stringify({
			n8nModulesMs: ms(t0, t1),
			loadMs: ms(t1, t2),
			lazy: loader.isLazyLoaded === true,
			nodes: Object.keys(loader.nodeTypes ?? {}),
			credentials: Object.keys(loader.credentialTypes ?? {}),
			packageFilesRequired: loadedFiles,
			modulesFromOutsideN8n: foreign.length,
		})}\n`,
	);
}

main().catch((error) => {
	process.stderr.write(`${error.stack || error}\n`);
	process.exit(1);
});
