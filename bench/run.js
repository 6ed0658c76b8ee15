#!/usr/bin/env node
'use strict';

/**
 * `npm run bench`: benchmarks of n8n-nodes-briqpay inside the real n8n of the sandbox (n8n 2.40.7
 * on Node 24, the package installed as a community package) against the local Briqpay stand-in.
 * Prints numbers and ratios; it is not a timed test and fails only when something is broken
 * (a runtime dependency, a run that cannot start), never because a machine is slow.
 *
 *   npm run bench                                   # everything (about 10 minutes on 2 cores)
 *   npm run bench -- --only throughput,package      # some: throughput, rate-limit, trigger, package
 *   npm run bench -- --items 1000 --latency 20 --concurrency 1,5,10,20,50 --reps 3
 *   npm run bench -- --rl-in-flight 5 --rl-rps 100 --retry-after 1     # rate-limit scenarios
 *   npm run bench -- --hooks 30 --burst 100 --burst-repeats 20         # trigger benchmark
 *   npm run bench -- --only trigger --trigger-version 1                # with Briqpay Trigger version 1
 *   npm run bench -- --quick                        # 200 items, 1 repetition, 10 hooks
 *   npm run bench -- --no-write                     # do not write bench/results/latest.json
 *   npm run bench -- --out /tmp/run.json            # write the JSON elsewhere
 *
 * Experiments (nothing is written unless --out is given):
 *   npm run bench -- --patch auth-function                # suggested node changes, applied to the
 *                                                           # installed copy only (bench/lib/patches.js)
 *   npm run bench -- --n8n-env N8N_EXPRESSION_ENGINE=legacy  # extra n8n environment variables
 *
 * Every option can also be given as an environment variable: BENCH_ITEMS, BENCH_LATENCY_MS,
 * BENCH_CONCURRENCY, BENCH_REPS, BENCH_ONLY, BENCH_RL_IN_FLIGHT, BENCH_RL_RPS,
 * BENCH_RETRY_AFTER, BENCH_HOOKS, BENCH_BURST, BENCH_BURST_REPEATS, BENCH_LOAD_SAMPLES, BENCH_PATCH,
 * BENCH_N8N_ENV, BENCH_OUT.
 *
 * Runs in its own sandbox folder `.sandbox-bench/` (recreated each run; logs stay there) on free
 * ports of 127.0.0.1, so it can run next to `npm start` and the end-to-end tests. Results:
 * printed, and written to bench/results/latest.json.
 */
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const sb = require('../scripts/sandbox');
const actions = require('./lib/actions');
const pkgBench = require('./lib/package');
const patches = require('./lib/patches');
const report = require('./lib/report');
const setup = require('./lib/setup');
const trigger = require('./lib/trigger');

const BENCHES = ['throughput', 'rate-limit', 'trigger', 'package'];
// The node's default (Processing → Concurrency), read from the built node so it cannot drift.
const DEFAULT_CONCURRENCY = (() => {
	try {
		const { Briqpay } = require('../dist/nodes/Briqpay/Briqpay.node.js');
		const processing = new Briqpay().description.properties.find((p) => p.name === 'processing');
		return processing.options.find((o) => o.name === 'concurrency').default;
	} catch {
		return 20;
	}
})();
const MAX_CONCURRENCY = 50; // the node's maximum

const OPTIONS = {
	items: { flag: '--items', env: 'BENCH_ITEMS', default: 1000, type: 'int' },
	latency: { flag: '--latency', env: 'BENCH_LATENCY_MS', default: 20, type: 'int' },
	concurrency: {
		flag: '--concurrency',
		env: 'BENCH_CONCURRENCY',
		default: '1,5,10,20,50',
		type: 'list',
	},
	reps: { flag: '--reps', env: 'BENCH_REPS', default: 3, type: 'int' },
	only: { flag: '--only', env: 'BENCH_ONLY', default: BENCHES.join(','), type: 'list' },
	rlInFlight: { flag: '--rl-in-flight', env: 'BENCH_RL_IN_FLIGHT', default: 5, type: 'int' },
	rlRps: { flag: '--rl-rps', env: 'BENCH_RL_RPS', default: 100, type: 'int' },
	retryAfter: { flag: '--retry-after', env: 'BENCH_RETRY_AFTER', default: 1, type: 'int' },
	hooks: { flag: '--hooks', env: 'BENCH_HOOKS', default: 30, type: 'int' },
	burst: { flag: '--burst', env: 'BENCH_BURST', default: 100, type: 'int' },
	burstRepeats: { flag: '--burst-repeats', env: 'BENCH_BURST_REPEATS', default: 20, type: 'int' },
	loadSamples: { flag: '--load-samples', env: 'BENCH_LOAD_SAMPLES', default: 10, type: 'int' },
	triggerVersion: {
		flag: '--trigger-version',
		env: 'BENCH_TRIGGER_VERSION',
		default: 2,
		type: 'int',
	},
	patch: { flag: '--patch', env: 'BENCH_PATCH', default: '', type: 'list' },
	n8nEnv: { flag: '--n8n-env', env: 'BENCH_N8N_ENV', default: '', type: 'list' },
	out: { flag: '--out', env: 'BENCH_OUT', default: '', type: 'string' },
};

function parseOptions(argv) {
	const raw = {};
	for (const [key, o] of Object.entries(OPTIONS)) {
		if (process.env[o.env] !== undefined) raw[key] = process.env[o.env];
	}
	const flags = { quick: false, write: true };
	for (let i = 0; i < argv.length; i++) {
		const arg = argv[i];
		if (arg === '--help' || arg === '-h') {
			flags.help = true;
			continue;
		}
		if (arg === '--quick') {
			flags.quick = true;
			continue;
		}
		if (arg === '--no-write') {
			flags.write = false;
			continue;
		}
		const [name, inline] = arg.split('=', 2);
		const entry = Object.entries(OPTIONS).find(([, o]) => o.flag === name);
		if (!entry) throw new Error(`unknown option ${arg} (see --help)`);
		const value = inline ?? argv[++i];
		if (value === undefined) throw new Error(`${name} needs a value`);
		raw[entry[0]] = value;
	}
	if (flags.quick) {
		raw.items ??= '200';
		raw.reps ??= '1';
		raw.hooks ??= '10';
		raw.loadSamples ??= '3';
	}
	const opts = { ...flags };
	for (const [key, o] of Object.entries(OPTIONS)) {
		const value = raw[key] ?? o.default;
		if (o.type === 'string') {
			opts[key] = String(value);
		} else if (o.type === 'int') {
			const n = Number(value);
			if (!Number.isInteger(n) || n < 0) throw new Error(`${o.flag} must be a whole number ≥ 0`);
			opts[key] = n;
		} else {
			opts[key] = String(value)
				.split(',')
				.map((s) => s.trim())
				.filter(Boolean);
		}
	}
	opts.concurrency = [...new Set([DEFAULT_CONCURRENCY, ...opts.concurrency.map(Number)])]
		.filter((c) => Number.isInteger(c) && c >= 1 && c <= MAX_CONCURRENCY)
		.sort((a, b) => a - b);
	for (const name of opts.only) {
		if (!BENCHES.includes(name))
			throw new Error(`--only: unknown benchmark "${name}" (${BENCHES.join(', ')})`);
	}
	if (opts.items < 1 || opts.reps < 1) throw new Error('--items and --reps must be at least 1');
	opts.n8nEnvExtra = {};
	for (const pair of opts.n8nEnv) {
		const at = pair.indexOf('=');
		if (at < 1 || !/^N8N_|^EXECUTIONS_|^DB_|^NODE_OPTIONS=/.test(pair))
			throw new Error(`--n8n-env: expected N8N_…=value or NODE_OPTIONS=…, got "${pair}"`);
		opts.n8nEnvExtra[pair.slice(0, at)] = pair.slice(at + 1);
	}
	opts.experiment =
		opts.patch.length > 0 ||
		opts.n8nEnv.length > 0 ||
		opts.triggerVersion !== OPTIONS.triggerVersion.default;
	if (![1, 2].includes(opts.triggerVersion)) throw new Error('--trigger-version: 1 or 2');
	return opts;
}

function scenarios(opts) {
	const list = [];
	if (opts.rlInFlight > 0) {
		list.push({
			name: `in-flight limit ${opts.rlInFlight}`,
			maxInFlight: opts.rlInFlight,
			retryAfterSeconds: opts.retryAfter,
		});
	}
	if (opts.rlRps > 0) {
		list.push({
			name: `${opts.rlRps} requests/s`,
			rps: opts.rlRps,
			retryAfterSeconds: opts.retryAfter,
		});
	}
	return list;
}

async function main() {
	const opts = parseOptions(process.argv.slice(2));
	if (opts.help) {
		process.stdout.write(
			`${fs
				.readFileSync(__filename, 'utf8')
				.split('*/')[0]
				.split('/**')[1]
				.replace(/^ \* ?/gm, '')}\n`,
		);
		return;
	}
	const say = (line = '') => process.stdout.write(`${line}\n`);
	const log = (line) => process.stdout.write(`[bench] ${line}\n`);
	const startedAt = new Date();
	const machine = report.machineInfo();
	const only = new Set(opts.only);
	say(`n8n-nodes-briqpay benchmarks, ${startedAt.toISOString()}`);
	if (opts.experiment) {
		say(
			`EXPERIMENT: patched copy of the installed package [${opts.patch.join(', ') || 'none'}], extra n8n environment [${opts.n8nEnv.join(', ') || 'none'}]`,
		);
	}
	say(
		`Machine: ${report.machineLine(machine)}; load average ${machine.loadAverageAtStart.join(' ')}`,
	);
	if (machine.loadAverageAtStart[0] > machine.cores * 0.5) {
		say(
			`Note: the machine is busy (load ${machine.loadAverageAtStart[0]} on ${machine.cores} cores): numbers will be slower and noisier.`,
		);
	}

	const results = {
		date: startedAt.toISOString(),
		machine,
		options: {
			items: opts.items,
			latencyMs: opts.latency,
			concurrency: opts.concurrency,
			reps: opts.reps,
			only: opts.only,
			rateLimitScenarios: scenarios(opts),
			hooks: opts.hooks,
			burst: opts.burst,
			burstRepeats: opts.burstRepeats,
			loadSamples: opts.loadSamples,
			patch: opts.patch,
			n8nEnv: opts.n8nEnvExtra,
		},
	};
	const ctx = await setup.createSandbox({
		latencyMs: opts.latency,
		log,
		envExtra: opts.n8nEnvExtra,
	});
	ctx.log = log;
	if (opts.patch.length) {
		const patched = patches.applyPatches(ctx.installed.dir, opts.patch);
		log(`patched the installed copy: ${patched.applied.join(', ')}`);
	}
	let failure;
	try {
		const wantActions = only.has('throughput') || only.has('rate-limit');
		const wantTrigger = only.has('trigger');
		const workflows = [];
		if (wantActions) {
			const sessionIds = await setup.seedSessions(ctx.fake.control, opts.items);
			log(`${sessionIds.length} sessions seeded in the stand-in`);
			workflows.push(
				...actions.workflows({
					sessionIds,
					fakeBaseUrl: ctx.fake.baseUrl,
					concurrencies: opts.concurrency,
				}),
			);
		}
		if (wantTrigger) {
			workflows.push(
				...trigger.workflows({
					fakeBaseUrl: ctx.fake.baseUrl,
					triggerTypeVersion: opts.triggerVersion,
				}),
			);
		}
		if (workflows.length) {
			await ctx.sandbox.importCredentials(setup.credentials(ctx));
			await ctx.sandbox.importWorkflows(workflows, {
				publish: wantTrigger ? [trigger.IDS.trigger, trigger.IDS.webhook] : [],
			});
			log(`${workflows.length} workflows imported${wantTrigger ? ', 2 published' : ''}`);
		}

		if (only.has('throughput')) {
			results.throughput = await actions.benchThroughput(ctx, {
				items: opts.items,
				latencyMs: opts.latency,
				concurrencies: opts.concurrency,
				defaultConcurrency: DEFAULT_CONCURRENCY,
				reps: opts.reps,
			});
		}
		if (only.has('rate-limit') && scenarios(opts).length) {
			results.rateLimited = await actions.benchRateLimited(ctx, {
				items: opts.items,
				latencyMs: opts.latency,
				scenarios: scenarios(opts),
				reps: opts.reps,
				defaultConcurrency: DEFAULT_CONCURRENCY,
				extraConcurrency: results.throughput?.neededConcurrency ?? MAX_CONCURRENCY,
			});
		}
		if (wantTrigger) {
			await ctx.fake.control.post('/latency', { ms: opts.latency });
			await ctx.sandbox.startN8n({
				waitForWebhooks: Object.values(trigger.urls(ctx.sandbox.webhookBaseUrl)),
			});
			log(`n8n started on ${ctx.sandbox.baseUrl}, both webhooks registered`);
			results.trigger = await trigger.benchTrigger(ctx, {
				latencyMs: opts.latency,
				hooks: opts.hooks,
				warmup: 3,
				gapMs: 250,
				burst: opts.burst,
				burstRepeats: opts.burstRepeats,
			});
			await ctx.sandbox.stopN8n();
		}
		if (only.has('package')) {
			results.package = await pkgBench.benchPackage(ctx, { samples: opts.loadSamples });
		}
	} catch (error) {
		failure = error;
	} finally {
		await ctx.sandbox.stop();
		ctx.sandbox.dispose();
	}
	results.finishedAt = new Date().toISOString();
	results.machine.loadAverageAtEnd = os.loadavg().map((v) => Math.round(v * 100) / 100);

	say(`\n=== Results (${results.date.slice(0, 10)}; ${report.machineLine(machine)})`);
	if (results.throughput) actions.printThroughput(results.throughput, say);
	if (results.rateLimited) actions.printRateLimited(results.rateLimited, say);
	if (results.trigger) trigger.printTrigger(results.trigger, say);
	if (results.package) pkgBench.printPackage(results.package, say);
	printTargets(results, say);

	if (failure) {
		say(`\nBenchmark failed: ${failure.stack || failure.message}`);
		say(`Logs: ${path.relative(sb.ROOT, path.join(setup.BENCH_DIR, 'logs'))}/`);
		process.exitCode = 1;
		return;
	}
	const outFile =
		opts.out || (opts.experiment ? '' : path.join(__dirname, 'results', 'latest.json'));
	if (opts.write && outFile) {
		const out = path.resolve(outFile);
		fs.mkdirSync(path.dirname(out), { recursive: true });
		fs.writeFileSync(out, `${JSON.stringify(results, null, 2)}\n`);
		say(`\nWritten: ${path.relative(sb.ROOT, out)}`);
	}
}

function printTargets(results, say) {
	const lines = [];
	const mark = (ok) => (ok === undefined ? '  ?  ' : ok ? ' met ' : 'MISSED');
	const t = results.throughput;
	if (t) {
		const d = t.ours.find((o) => o.concurrency === t.defaultConcurrency);
		const n = t.ours.find((o) => o.concurrency === t.neededConcurrency);
		lines.push(
			`${mark(t.targets.notSlowerThanHttpAtDefault)}  1. not slower than HTTP Request at the default Concurrency ${t.defaultConcurrency} (${report.fmt.x(d?.vsHttp)})`,
		);
		lines.push(
			`${mark(t.targets.notSlowerThanHttpAtNeeded)}  1. not slower than HTTP Request at some Concurrency ≤ 50 (${n ? `${n.concurrency}: ${report.fmt.x(n.vsHttp)}` : 'none'})`,
		);
		lines.push(
			`${mark(t.targets.within13xOfFloorAtDefault)}  1. within 1.3× of the floor at Concurrency ${t.defaultConcurrency} (${report.fmt.x(d?.vsFloor)})`,
		);
		if (n && n !== d)
			lines.push(
				`${mark(t.targets.within13xOfFloorAtNeeded)}  1. within 1.3× of the floor at Concurrency ${n.concurrency} (${report.fmt.x(n.vsFloor)})`,
			);
	}
	for (const s of results.rateLimited?.scenarios ?? []) {
		lines.push(
			`${mark(s.targets.zeroFailedItemsForOurs)}  2. zero failed items for the Briqpay node, ${s.scenario.name}`,
		);
	}
	if (results.trigger) {
		const b = results.trigger.burst;
		lines.push(
			`${mark(results.trigger.targets.burstAtN8n)}  3. burst at n8n: ${b.distinct} executions, all confirmed, none lost, none duplicated (${b.executions} executions, ${b.lost} lost, ${b.sessionsRunTwiceOrMore} twice)`,
		);
		lines.push(
			`${mark(results.trigger.targets.burstEveryHookAcceptedAtStandIn)}  3. burst at the stand-in: every hook accepted (${b.hooksSent - b.hooksNotAcceptedInTheEnd} of ${b.hooksSent}; ${b.timedOutAttempts} attempts timed out)`,
		);
	}
	if (results.package) {
		lines.push(
			`${mark(results.package.targets.zeroRuntimeDependencies)}  4. zero runtime dependencies`,
		);
	}
	if (lines.length) {
		say('\nTargets (numbers, not a test: a slow machine does not fail the run)');
		for (const line of lines) say(`  ${line}`);
	}
	results.targets = lines.map((l) => l.trim());
}

main().catch((error) => {
	process.stderr.write(`bench: ${error.stack || error.message}\n`);
	process.exitCode = error instanceof pkgBench.PackageCheckError ? 2 : 1;
});
