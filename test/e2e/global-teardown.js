'use strict';

/**
 * Stops n8n and the stand-in. Deletes the run's folder when every test passed (set KEEP=1 to keep
 * it); otherwise keeps it and prints where: logs/n8n.log, logs/fake.log, n8n/.n8n/database.sqlite.
 */
const fs = require('node:fs');

module.exports = async function globalTeardown() {
	const run = globalThis.__BRIQPAY_E2E__;
	if (!run) return;
	await run.slack?.close();
	await run.sandbox.stop();
	run.sandbox.dispose();
	// Set by test/e2e/reporter.js (reporters and global hooks run in jest's main process).
	const failed = globalThis.__BRIQPAY_E2E_FAILED__;
	const seconds = ((Date.now() - run.started) / 1000).toFixed(1);
	if (process.env.KEEP || failed) {
		process.stdout.write(
			`[e2e] n8n and the stand-in stopped after ${seconds} s; run folder kept: ${run.dir}\n`,
		);
	} else {
		fs.rmSync(run.dir, { recursive: true, force: true });
		process.stdout.write(`[e2e] n8n and the stand-in stopped after ${seconds} s\n`);
	}
};
