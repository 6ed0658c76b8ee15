'use strict';

/** Tests load the built package from dist/ (run `npm run build` first; `npm test` does). */
module.exports = {
	testEnvironment: 'node',
	// Only test/ is crawled: the local n8n under e2e/ holds tens of thousands of files.
	roots: ['<rootDir>/test'],
	testMatch: ['<rootDir>/test/**/*.test.js'],
	testTimeout: 30000,
	reporters: ['default', '<rootDir>/test/summary-reporter.js'],
};
