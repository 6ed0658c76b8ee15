#!/usr/bin/env node
'use strict';

/**
 * node test/fake-briqpay/cli.js --port 4010 [--seed] [--latency-ms 20] [--username U --secret S]
 *      [--rate-limit-rps N --rate-limit-in-flight N --retry-after S] [--signing-secret X]
 *      [--not-found-status 400] [--record-status-style 000|003] [--hook-attempts 3 --hook-delay-ms 50]
 *      [--capture-mode sync|async] [--lenient] [--hook-timeout-ms 5000]
 *      [--accounts '[{"username":"u","secret":"s"},{"username":"old","secret":"x","expired":true}]']
 *
 * Listens on 127.0.0.1, prints one JSON line {"baseUrl", "seeded", "accounts"} to stdout, stops on SIGTERM/SIGINT.
 */

const { FakeBriqpay } = require('./index');
const { seedDemo } = require('./seeds');

const FLAGS = new Set(['--seed', '--lenient', '--help']);
const OPTIONS = new Set([
	'--port',
	'--latency-ms',
	'--username',
	'--secret',
	'--accounts',
	'--rate-limit-rps',
	'--rate-limit-in-flight',
	'--retry-after',
	'--signing-secret',
	'--not-found-status',
	'--record-status-style',
	'--hook-attempts',
	'--hook-delay-ms',
	'--hook-timeout-ms',
	'--capture-mode',
]);

function parseArgs(argv) {
	const out = {};
	for (let i = 0; i < argv.length; i++) {
		const a = argv[i];
		if (!a.startsWith('--')) throw new Error(`unexpected argument ${a}`);
		const [name, inline] = a.split('=', 2);
		if (FLAGS.has(name)) {
			out[name.slice(2)] = true;
			continue;
		}
		if (!OPTIONS.has(name)) throw new Error(`unknown option ${name} (see --help)`);
		const val = inline !== undefined ? inline : argv[++i];
		if (val === undefined) throw new Error(`${name} needs a value`);
		out[name.slice(2)] = val;
	}
	return out;
}

function num(v, name) {
	if (v === undefined) return undefined;
	const n = Number(v);
	if (!Number.isFinite(n)) throw new Error(`--${name} must be a number`);
	return n;
}

async function main() {
	const args = parseArgs(process.argv.slice(2));
	if (args.help) {
		process.stdout.write(
			`${require('node:fs').readFileSync(__filename, 'utf8').split('*/')[0]}*/\n`,
		);
		return;
	}
	let accounts;
	if (args.accounts) accounts = JSON.parse(args.accounts);
	else if (args.username || args.secret) {
		accounts = [
			{ username: args.username || 'test-user', secret: args.secret || 'test-secret-s3cr3t' },
		];
	}
	const fake = new FakeBriqpay({
		accounts,
		latencyMs: num(args['latency-ms'], 'latency-ms') || 0,
		signingSecret: args['signing-secret'],
		notFoundStatus: num(args['not-found-status'], 'not-found-status'),
		recordStatusStyle: args['record-status-style'],
		strictUnknownFields: !args.lenient,
		defaultCaptureMode: args['capture-mode'],
		hookTimeoutMs: num(args['hook-timeout-ms'], 'hook-timeout-ms'),
		hookRetry: {
			attempts: num(args['hook-attempts'], 'hook-attempts') ?? 3,
			delayMs: num(args['hook-delay-ms'], 'hook-delay-ms') ?? 50,
		},
	});
	const rps = num(args['rate-limit-rps'], 'rate-limit-rps');
	const maxInFlight = num(args['rate-limit-in-flight'], 'rate-limit-in-flight');
	if (rps !== undefined || maxInFlight !== undefined) {
		fake.setRateLimit({
			rps,
			maxInFlight,
			retryAfterSeconds: num(args['retry-after'], 'retry-after') ?? 1,
		});
	}
	await fake.start({ port: num(args.port, 'port') ?? 0 });
	const seeded = args.seed ? seedDemo(fake) : {};
	process.stdout.write(
		`${JSON.stringify({ baseUrl: fake.baseUrl, seeded, accounts: fake.accounts })}\n`,
	);

	let stopping = false;
	const shutdown = async () => {
		if (stopping) return;
		stopping = true;
		await fake.stop();
		process.exit(0);
	};
	process.on('SIGTERM', shutdown);
	process.on('SIGINT', shutdown);
}

main().catch((err) => {
	process.stderr.write(`fake-briqpay: ${err.message}\n`);
	process.exit(1);
});
