'use strict';

/**
 * Runs the end-to-end files in a fixed order: actions, triggers, examples, mcp, dropdowns, then
 * secrets.e2e.js, which checks everything the others left in n8n (executions, REST answers, logs)
 * for secrets.
 */
const Sequencer = require('@jest/test-sequencer').default;

const ORDER = ['actions', 'triggers', 'examples', 'editor', 'mcp', 'dropdowns', 'secrets'];
const rank = (file) => {
	const i = ORDER.findIndex((name) => file.endsWith(`${name}.e2e.js`));
	return i < 0 ? ORDER.length - 1 : i;
};

class E2eSequencer extends Sequencer {
	sort(tests) {
		return [...tests].sort((a, b) => rank(a.path) - rank(b.path) || a.path.localeCompare(b.path));
	}
}

module.exports = E2eSequencer;
