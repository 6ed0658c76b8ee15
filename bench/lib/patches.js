'use strict';

/**
 * Experiments: suggested changes to the node code, applied to the COPY of the package installed in
 * the bench sandbox (`.sandbox-bench/n8n/.n8n/nodes/node_modules/n8n-nodes-briqpay/dist`), never to
 * the sources, so a suggestion can be measured before anyone changes `nodes/` or `credentials/`.
 *
 *   npm run bench -- --patch auth-function            # the credential authenticates with a function
 *   npm run bench -- --patch auth-function --n8n-env N8N_EXPRESSION_ENGINE_LAZY_ACQUIRE=true
 *
 * auth-function  BriqpayApi.authenticate becomes `async (credentials, requestOptions) => ({...,
 *                auth: {username, password}})` instead of the generic `={{$credentials.username}}` /
 *                `={{$credentials.secret}}` form, which n8n resolves through its expression engine on
 *                every request (two evaluations per call).
 *                (The trigger-v2 experiment of the same kind became Briqpay Trigger version 2; compare
 *                versions with --trigger-version 1.)
 */
const fs = require('node:fs');
const path = require('node:path');

const PATCHES = {
	'auth-function': {
		file: 'dist/credentials/BriqpayApi.credentials.js',
		apply(source) {
			const generic = /this\.authenticate = \{\s*type: 'generic',[\s\S]*?\n {8}\};/;
			if (!generic.test(source)) throw new Error('auth-function: generic authenticate not found');
			return source.replace(
				generic,
				"this.authenticate = async (credentials, requestOptions) => ({ ...requestOptions, auth: { username: String(credentials.username ?? ''), password: String(credentials.secret ?? '') } });",
			);
		},
	},
};

function applyPatches(installedDir, names) {
	const applied = [];
	for (const name of names) {
		const patch = PATCHES[name];
		if (!patch)
			throw new Error(`--patch: unknown patch "${name}" (${Object.keys(PATCHES).join(', ')})`);
		const file = path.join(installedDir, patch.file);
		fs.writeFileSync(file, patch.apply(fs.readFileSync(file, 'utf8')));
		applied.push(name);
	}
	return { applied };
}

module.exports = { PATCHES, applyPatches };
