'use strict';

/**
 * End-to-end tests: the packed package inside a real, pinned n8n with the Briqpay stand-in.
 * `npm run test:e2e` (part of `npm test`, scripts/test-e2e.js) runs this config once per n8n line
 * (scripts/sandbox/lines.js) with N8N_LINE set. One n8n for the whole run, started by
 * test/e2e/global-setup.js; the files run in band, in the order of test/e2e/sequencer.js.
 */
module.exports = {
	testEnvironment: 'node',
	rootDir: __dirname,
	roots: ['<rootDir>/test/e2e'],
	testMatch: ['<rootDir>/test/e2e/**/*.e2e.js'],
	globalSetup: '<rootDir>/test/e2e/global-setup.js',
	globalTeardown: '<rootDir>/test/e2e/global-teardown.js',
	testSequencer: '<rootDir>/test/e2e/sequencer.js',
	maxWorkers: 1,
	testTimeout: 120000,
	slowTestThreshold: 30,
	reporters: ['default', '<rootDir>/test/e2e/reporter.js', '<rootDir>/test/summary-reporter.js'],
};
