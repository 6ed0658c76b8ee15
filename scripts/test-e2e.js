#!/usr/bin/env node
'use strict';

/**
 * `npm run test:e2e`: the end-to-end suite (test/e2e, jest.e2e.config.js) once per n8n line
 * (scripts/sandbox/lines.js), one after the other: install the line if needed
 * (scripts/setup-n8n.js, cached per machine), then `N8N_LINE=<line> jest --config
 * jest.e2e.config.js`. Every line runs even when an earlier one failed; the closing table gives per
 * line the n8n and Node versions, the test counts and the times.
 *
 *   npm run test:e2e                 # every line
 *   npm run test:e2e -- 2.41         # only these lines (or N8N_LINES="1.123 2.41")
 *   npm run test:e2e -- 2.41 -t 'forged'   # arguments after the lines go to jest
 */
const { spawn } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const { lineNames, resolveLine } = require('./sandbox/lines');
const { setup } = require('./setup-n8n');

const ROOT = path.resolve(__dirname, '..');
const seconds = (ms) => `${(ms / 1000).toFixed(0)} s`;

function runJest(name, jestArgs, outputFile) {
	return new Promise((resolve) => {
		const jestBin = require.resolve('jest/bin/jest', { paths: [ROOT] });
		const child = spawn(
			process.execPath,
			[
				jestBin,
				'--config',
				path.join(ROOT, 'jest.e2e.config.js'),
				'--runInBand',
				'--json',
				'--outputFile',
				outputFile,
				...jestArgs,
			],
			{ cwd: ROOT, stdio: 'inherit', env: { ...process.env, N8N_LINE: name } },
		);
		child.on('close', (code) => resolve(code ?? 1));
	});
}

async function main() {
	const args = process.argv.slice(2);
	const known = lineNames();
	const asked = args.filter((a) => known.includes(a));
	const jestArgs = args.filter((a) => !known.includes(a));
	const names = asked.length
		? asked
		: (process.env.N8N_LINES || '').split(/[\s,]+/).filter(Boolean).length
			? process.env.N8N_LINES.split(/[\s,]+/).filter(Boolean)
			: known;
	const rows = [];
	const outDir = fs.mkdtempSync(path.join(os.tmpdir(), 'briqpay-e2e-results-'));
	let failed = false;
	try {
		for (const name of names) {
			const line = resolveLine(name);
			process.stdout.write(
				`\n[e2e] ===== n8n ${line.n8nVersion} (line ${name}) on Node ${line.node} =====\n`,
			);
			const row = { name, n8n: line.n8nVersion, node: line.node };
			rows.push(row);
			let t = Date.now();
			try {
				const done = await setup([name]);
				row.install = done[name].installed ? seconds(Date.now() - t) : 'cached';
			} catch (error) {
				process.stderr.write(`[e2e] ${name}: setup failed: ${error.message}\n`);
				row.install = 'FAILED';
				row.result = 'not run';
				failed = true;
				continue;
			}
			t = Date.now();
			const outputFile = path.join(outDir, `${name}.json`);
			const code = await runJest(name, jestArgs, outputFile);
			row.time = seconds(Date.now() - t);
			try {
				const r = JSON.parse(fs.readFileSync(outputFile, 'utf8'));
				row.result = `${r.numPassedTests} passed, ${r.numFailedTests} failed${
					r.numPendingTests ? `, ${r.numPendingTests} skipped` : ''
				}${r.numRuntimeErrorTestSuites ? `, ${r.numRuntimeErrorTestSuites} suites broken` : ''}`;
			} catch {
				row.result = `jest exited ${code}`;
			}
			if (code !== 0) failed = true;
		}
	} finally {
		fs.rmSync(outDir, { recursive: true, force: true });
	}
	process.stdout.write('\n[e2e] per n8n line:\n');
	for (const r of rows) {
		process.stdout.write(
			`[e2e]   n8n ${r.n8n.padEnd(9)} Node ${r.node.padEnd(8)} ${String(r.result).padEnd(26)} e2e ${r.time ?? '-'}, install ${r.install}\n`,
		);
	}
	process.exitCode = failed ? 1 : 0;
}

main().catch((error) => {
	process.stderr.write(`[e2e] ${error.stack}\n`);
	process.exit(1);
});
