'use strict';

/**
 * Plain entry of the package. n8n itself loads the nodes and the credential from the paths in the
 * "n8n" section of package.json; this file exposes the same classes for anyone who requires the
 * package directly (scripts, tests, other tooling). Run `npm run build` first.
 */
const { Briqpay } = require('./dist/nodes/Briqpay/Briqpay.node.js');
const { BriqpayTrigger } = require('./dist/nodes/Briqpay/BriqpayTrigger.node.js');
const { BriqpayApi } = require('./dist/credentials/BriqpayApi.credentials.js');

module.exports = { Briqpay, BriqpayTrigger, BriqpayApi };
