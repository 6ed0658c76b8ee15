#!/usr/bin/env node
'use strict';

/**
 * How close to the floor (items × latency ÷ concurrency) a client can get on this machine, outside
 * any workflow: the same GET /v3/session/<id> calls as benchmark 1, against the same stand-in (its
 * own process, 20 ms latency), sent by
 *   - Node's own http module (the least any client can do), and
 *   - n8n's HTTP client, `OutboundHttp` of @n8n/backend-network: what `this.helpers.httpRequest`
 *     and `httpRequestWithAuthentication` end in, for every node (no expressions, no credential).
 * It shows how much of benchmark 1's distance to the floor no node can win back.
 *
 *   node scripts/setup-n8n.js                       # once: the pinned n8n and its Node
 *   e2e/node24/bin/node bench/http-floor.js [--items 1000] [--latency 20] [--concurrency 20] [--reps 3]
 */
const http = require('node:http');
const os = require('node:os');
const path = require('node:path');

const { startFake, stopFake } = require('../scripts/sandbox');
const { seedSessions } = require('./lib/setup');

const ROOT = path.resolve(__dirname, '..');
const N8N_MODULES = path.join(ROOT, 'e2e', 'n8n', 'node_modules');
const USERNAME = 'bench-user';
const SECRET = 'bench-secret';

function option(name, fallback) {
	const at = process.argv.indexOf(name);
	return at > 0 ? Number(process.argv[at + 1]) : fallback;
}

async function timed(ids, concurrency, send) {
	let next = 0;
	const started = performance.now();
	const cpu = process.cpuUsage();
	await Promise.all(
		Array.from({ length: concurrency }, async () => {
			while (next < ids.length) await send(ids[next++]);
		}),
	);
	const used = process.cpuUsage(cpu);
	return {
		ms: performance.now() - started,
		cpuMsPerItem: (used.user + used.system) / 1000 / ids.length,
	};
}

async function main() {
	const items = option('--items', 1000);
	const latency = option('--latency', 20);
	const concurrency = option('--concurrency', 20);
	const reps = option('--reps', 3);
	const n8nRequire = (id) => require(require.resolve(id, { paths: [N8N_MODULES] }));
	const { Container } = n8nRequire('@n8n/di');
	const { OutboundHttp } = n8nRequire('@n8n/backend-network');
	const n8nHttp = Container.get(OutboundHttp).requests();

	const standIn = await startFake({
		username: USERNAME,
		secret: SECRET,
		seed: false,
		logFile: path.join(os.tmpdir(), 'n8n-nodes-briqpay-http-floor.log'),
		extraArgs: ['--latency-ms', String(latency)],
	});
	try {
		const ids = await seedSessions(standIn.control, items);
		const authorization = `Basic ${Buffer.from(`${USERNAME}:${SECRET}`).toString('base64')}`;
		const clients = {
			'node:http': (id) =>
				new Promise((resolve, reject) => {
					http
						.get(
							`${standIn.baseUrl}/v3/session/${id}`,
							{ headers: { authorization, accept: 'application/json' } },
							(res) => res.resume().on('end', resolve),
						)
						.on('error', reject);
				}),
			"n8n's HTTP client": (id) =>
				n8nHttp.request({
					method: 'GET',
					url: `${standIn.baseUrl}/v3/session/${id}`,
					auth: { username: USERNAME, password: SECRET },
					json: true,
					returnFullResponse: true,
					ignoreHttpStatusErrors: true,
				}),
		};
		const floor = (items * latency) / concurrency;
		console.log(
			`${items} GETs at ${latency} ms latency, concurrency ${concurrency}: floor ${floor} ms; median of ${reps}; Node ${process.version}`,
		);
		for (const [name, send] of Object.entries(clients)) {
			await timed(ids.slice(0, 50), concurrency, send); // warm-up
			const runs = [];
			for (let r = 0; r < reps; r++) runs.push(await timed(ids, concurrency, send));
			runs.sort((a, b) => a.ms - b.ms);
			const mid = runs[Math.floor(runs.length / 2)];
			console.log(
				`  ${name.padEnd(20)} ${mid.ms.toFixed(0).padStart(6)} ms  ${(mid.ms / floor).toFixed(2)}× the floor  ${mid.cpuMsPerItem.toFixed(2)} ms CPU per request`,
			);
		}
	} finally {
		await stopFake(standIn);
	}
}

main().catch((error) => {
	console.error(error);
	process.exit(1);
});
