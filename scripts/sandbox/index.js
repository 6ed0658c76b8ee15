'use strict';

/**
 * The sandbox library: a pinned local n8n with n8n-nodes-briqpay installed as a community package,
 * plus the Briqpay stand-in. Used by `npm start` (scripts/start.js) and the end-to-end tests
 * (test/e2e). Plain CommonJS; runs on Node 20 and starts n8n with the Node of its line (scripts/sandbox/lines.js,
 * installed by scripts/setup-n8n.js).
 */
module.exports = {
	...require('./lines'),
	...require('./paths'),
	...require('./proc'),
	...require('./env'),
	...require('./package'),
	...require('./fake'),
	...require('./n8n'),
	...require('./rest'),
	...require('./db'),
	...require('./workflows'),
	...require('./sandbox'),
	...require('./services'),
	...require('./queue'),
};
