'use strict';

/**
 * Queue-mode end-to-end test: n8n main + worker + two webhook processors on real Postgres and Redis
 * (test/queue). `npm run test:queue` (part of `npm test`); it starts and stops everything itself.
 */
module.exports = {
	testEnvironment: 'node',
	rootDir: __dirname,
	roots: ['<rootDir>/test/queue'],
	testMatch: ['<rootDir>/test/queue/**/*.e2e.js'],
	maxWorkers: 1,
	testTimeout: 120000,
	slowTestThreshold: 60,
	reporters: ['default', '<rootDir>/test/summary-reporter.js'],
};
