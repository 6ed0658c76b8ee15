'use strict';

/**
 * Experiments: suggested changes to the node code, applied to the COPY of the package installed in
 * the bench sandbox (`.sandbox-bench/n8n/.n8n/nodes/node_modules/n8n-nodes-briqpay/dist`), never to
 * the sources, so a suggestion can be measured before anyone changes `nodes/` or `credentials/`.
 *
 *   npm run bench -- --patch auth-function            # the credential authenticates with a function
 *   npm run bench -- --patch auth-function,trigger-v2 --n8n-env N8N_EXPRESSION_ENGINE_LAZY_ACQUIRE=true
 *
 * auth-function  BriqpayApi.authenticate becomes `async (credentials, requestOptions) => ({...,
 *                auth: {username, password}})` instead of the generic `={{$credentials.username}}` /
 *                `={{$credentials.secret}}` form, which n8n resolves through its expression engine on
 *                every request (two evaluations per call).
 * trigger-v2     Briqpay Trigger gets a typeVersion 2 (and the bench's trigger workflow uses it):
 *                n8n evaluates `$parameter["options"]["binaryData"]` as an expression for every
 *                hook to a version-1 trigger (webhook-helpers parseRequestBody), never for later
 *                versions. With N8N_EXPRESSION_ENGINE_LAZY_ACQUIRE=true and auth-function, the
 *                trigger's webhook phase then evaluates no expression and needs no isolate.
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
	'trigger-v2': {
		file: 'dist/nodes/Briqpay/BriqpayTrigger.node.js',
		apply(source) {
			if (!/\n {12}version: 1,/.test(source)) throw new Error('trigger-v2: "version: 1" not found');
			return source.replace(
				/\n {12}version: 1,/,
				'\n            version: [1, 2],\n            defaultVersion: 2,',
			);
		},
		triggerTypeVersion: 2,
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
	return {
		applied,
		triggerTypeVersion: Math.max(1, ...names.map((n) => PATCHES[n]?.triggerTypeVersion ?? 1)),
	};
}

module.exports = { PATCHES, applyPatches };
