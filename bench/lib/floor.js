'use strict';

/**
 * The floor node: the least any n8n node can do for Session → Get, built by the bench itself as a
 * tiny community package (`n8n-nodes-bench-floor`, in the bench sandbox's work folder, never in
 * this repository's nodes/) and installed next to n8n-nodes-briqpay.
 *
 * Per execution: the Authorization header computed once (from plain parameters: no credential, no
 * expression). Per item: one `{{ $json.ids }}` expression (the Session ID parameter) and one
 * `helpers.httpRequest`. A bounded pool of `concurrency` workers keeps the output in input order.
 * A limit it is told about is obeyed exactly: `concurrency` set to an in-flight limit, or `rps`
 * spacing the starts 1/rps apart (plus 2 %). A 429 (which a floor that knows the limit should not
 * see) is retried after its Retry-After so that every item succeeds.
 */
const fs = require('node:fs');
const path = require('node:path');

const sb = require('../../scripts/sandbox');

const NAME = 'n8n-nodes-bench-floor';
const NODE_TYPE = `${NAME}.benchFloor`;

const NODE_SOURCE = `'use strict';
const { sleep } = require('n8n-workflow');

class BenchFloor {
	constructor() {
		this.description = {
			displayName: 'Bench Floor',
			name: 'benchFloor',
			group: ['transform'],
			version: 1,
			description: 'GET /v3/session/<id> with the least work an n8n node can do (benchmark only)',
			defaults: { name: 'Bench Floor' },
			inputs: ['main'],
			outputs: ['main'],
			properties: [
				{ displayName: 'Base URL', name: 'baseUrl', type: 'string', default: '' },
				{ displayName: 'Username', name: 'username', type: 'string', default: '' },
				{ displayName: 'Secret', name: 'secret', type: 'string', default: '' },
				{ displayName: 'Session ID', name: 'sessionId', type: 'string', default: '' },
				{ displayName: 'Concurrency', name: 'concurrency', type: 'number', default: 20 },
				{ displayName: 'Requests per Second', name: 'rps', type: 'number', default: 0 },
			],
		};
	}

	async execute() {
		const items = this.getInputData();
		const baseUrl = this.getNodeParameter('baseUrl', 0);
		const authorization =
			'Basic ' +
			Buffer.from(this.getNodeParameter('username', 0) + ':' + this.getNodeParameter('secret', 0)).toString('base64');
		const concurrency = Math.max(1, this.getNodeParameter('concurrency', 0));
		const rps = this.getNodeParameter('rps', 0);
		// 2 % slack: the stand-in counts a sliding second, and arrival times jitter.
		const spacing = rps > 0 ? 1020 / rps : 0;
		const out = new Array(items.length);
		let nextAt = 0;
		let next = 0;
		const worker = async () => {
			for (;;) {
				const i = next++;
				if (i >= items.length) return;
				const id = this.getNodeParameter('sessionId', i);
				for (;;) {
					if (spacing) {
						// Never two starts closer than 1/rps, even after falling behind.
						const now = Date.now();
						const at = Math.max(now, nextAt);
						nextAt = at + spacing;
						if (at > now) await sleep(at - now);
					}
					const response = await this.helpers.httpRequest({
						method: 'GET',
						url: baseUrl + '/v3/session/' + id,
						headers: { Authorization: authorization, Accept: 'application/json' },
						json: true,
						returnFullResponse: true,
						ignoreHttpStatusErrors: true,
					});
					if (response.statusCode === 429) {
						await sleep(Number(response.headers['retry-after'] || 1) * 1000);
						continue;
					}
					if (response.statusCode >= 300) throw new Error('HTTP ' + response.statusCode);
					out[i] = { json: response.body, pairedItem: { item: i } };
					break;
				}
			}
		};
		await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, worker));
		return [out];
	}
}

module.exports = { BenchFloor };
`;

/** Writes the package into `workDir` and packs it (tar, like npm pack); returns the tarball. */
async function packFloor(workDir) {
	const root = path.join(workDir, 'floor');
	const pkgDir = path.join(root, 'package');
	fs.rmSync(root, { recursive: true, force: true });
	fs.mkdirSync(path.join(pkgDir, 'dist'), { recursive: true });
	fs.writeFileSync(
		path.join(pkgDir, 'package.json'),
		JSON.stringify(
			{
				name: NAME,
				version: '0.0.0',
				description: 'Benchmark only: the floor node of n8n-nodes-briqpay/bench',
				keywords: ['n8n-community-node-package'],
				license: 'MIT',
				n8n: { n8nNodesApiVersion: 1, nodes: ['dist/BenchFloor.node.js'] },
				peerDependencies: { 'n8n-workflow': '*' },
			},
			null,
			2,
		),
	);
	fs.writeFileSync(path.join(pkgDir, 'dist', 'BenchFloor.node.js'), NODE_SOURCE);
	const tarball = path.join(root, `${NAME}-0.0.0.tgz`);
	await sb.run('tar', ['-czf', tarball, '-C', root, 'package']);
	return tarball;
}

/** Builds the floor package and installs it into the sandbox's n8n, as n8n installs one. */
async function installFloor(sandbox) {
	const tarball = await packFloor(sandbox.workDir);
	return await sb.installPackage(tarball, sandbox.userFolder, { log: sandbox.commandsLog });
}

module.exports = { NAME, NODE_TYPE, installFloor };
