#!/usr/bin/env node
'use strict';

/**
 * `npm run bench`: n8n-nodes-briqpay inside real n8n, against the local Briqpay stand-in, on the
 * two n8n lines the end-to-end tests use (scripts/sandbox/lines.js: 1.123 on Node 20, 2.41 on
 * Node 24), the package installed as a community package. Per line and scenario (quiet; ≤ N
 * requests in flight; ≤ R requests per second; 429 + Retry-After above a limit), three nodes do the
 * same N × Session → Get: HTTP Request (Briqpay credential), the floor node (the least any node
 * can do, bench/lib/floor.js) and Briqpay; printed with ratios measured in the same run and a
 * README-ready Markdown table. Not a timed test: it fails only when something is broken.
 *
 *   npm run bench                                   # both lines, about 15 minutes on 2 cores
 *   npm run bench -- --lines 2.41                   # one line (or N8N_LINE=2.41 npm run bench)
 *   npm run bench -- --items 1000 --latency 20 --reps 3 --rl-in-flight 10 --rl-rps 200 --retry-after 1
 *   npm run bench -- --quick                        # 200 items, 1 repetition: a smoke run
 *   npm run bench -- --only actions,trigger,package # also the trigger and package benchmarks
 *                                                   # (first line only; --hooks, --burst, --burst-repeats,
 *                                                   # --trigger-version, --load-samples)
 *   npm run bench -- --n8n-env "NODE_OPTIONS=--cpu-prof --cpu-prof-dir=/tmp/prof"   # then
 *                                                   # node bench/profile-summary.js /tmp/prof
 *   npm run bench -- --no-write                     # do not write bench/results/latest.json
 *   npm run bench -- --out /tmp/run.json            # write the JSON elsewhere
 *
 * Every option can also be given as an environment variable: BENCH_LINES (or N8N_LINE),
 * BENCH_ITEMS, BENCH_LATENCY_MS, BENCH_REPS, BENCH_ONLY, BENCH_RL_IN_FLIGHT, BENCH_RL_RPS,
 * BENCH_RETRY_AFTER, BENCH_HOOKS, BENCH_BURST, BENCH_BURST_REPEATS, BENCH_LOAD_SAMPLES,
 * BENCH_TRIGGER_VERSION, BENCH_N8N_ENV, BENCH_OUT.
 *
 * Runs in its own folder `.sandbox-bench/<line>/` (recreated each run; logs stay there) on free
 * ports of 127.0.0.1, so it can run next to `npm start` and the end-to-end tests.
 */
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const sb = require('../scripts/sandbox');
const actions = require('./lib/actions');
const pkgBench = require('./lib/package');
const report = require('./lib/report');
const setup = require('./lib/setup');
const trigger = require('./lib/trigger');

const BENCHES = ['actions', 'trigger', 'package'];
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

const OPTIONS = {
	items: { flag: '--items', env: 'BENCH_ITEMS', default: 1000, type: 'int' },
	latency: { flag: '--latency', env: 'BENCH_LATENCY_MS', default: 20, type: 'int' },
	reps: { flag: '--reps', env: 'BENCH_REPS', default: 3, type: 'int' },
	only: { flag: '--only', env: 'BENCH_ONLY', default: 'actions', type: 'list' },
	lines: {
		flag: '--lines',
		env: 'BENCH_LINES',
		default: process.env.N8N_LINE || sb.lineNames().join(','),
		type: 'list',
	},
	rlInFlight: { flag: '--rl-in-flight', env: 'BENCH_RL_IN_FLIGHT', default: 10, type: 'int' },
	rlRps: { flag: '--rl-rps', env: 'BENCH_RL_RPS', default: 200, type: 'int' },
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
	for (const line of opts.lines) {
		if (!sb.lineNames().includes(line))
			throw new Error(`--lines: unknown n8n line "${line}" (${sb.lineNames().join(', ')})`);
	}
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
		opts.n8nEnv.length > 0 || opts.triggerVersion !== OPTIONS.triggerVersion.default;
	if (![1, 2].includes(opts.triggerVersion)) throw new Error('--trigger-version: 1 or 2');
	return opts;
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
	const list = actions.scenarios(opts);
	say(`n8n-nodes-briqpay benchmarks, ${startedAt.toISOString()}`);
	if (opts.experiment) {
		say(`EXPERIMENT: extra n8n environment [${opts.n8nEnv.join(', ') || 'none'}]`);
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
			lines: opts.lines,
			items: opts.items,
			latencyMs: opts.latency,
			concurrency: DEFAULT_CONCURRENCY,
			reps: opts.reps,
			only: opts.only,
			scenarios: list,
			hooks: opts.hooks,
			burst: opts.burst,
			burstRepeats: opts.burstRepeats,
			loadSamples: opts.loadSamples,
			n8nEnv: opts.n8nEnvExtra,
		},
		lines: [],
	};
	let failure;
	for (const [index, lineName] of opts.lines.entries()) {
		const line = sb.resolveLine(lineName);
		const first = index === 0;
		const wantActions = only.has('actions');
		const wantTrigger = only.has('trigger') && first;
		if (!fs.existsSync(line.readyFile)) {
			failure = new Error(
				`n8n ${line.n8nVersion} is not installed: N8N_LINE=${line.name} node scripts/setup-n8n.js`,
			);
			break;
		}
		log(`n8n ${line.n8nVersion} on Node ${line.node}`);
		const entry = { line: line.name, n8n: line.n8nVersion, node: line.node };
		results.lines.push(entry);
		const ctx = await setup.createSandbox({
			line: line.name,
			latencyMs: opts.latency,
			log,
			envExtra: opts.n8nEnvExtra,
		});
		ctx.log = log;
		try {
			const workflows = [];
			if (wantActions) {
				const sessionIds = await setup.seedSessions(ctx.fake.control, opts.items);
				log(`${sessionIds.length} sessions seeded in the stand-in`);
				workflows.push(
					...actions.workflows({ sessionIds, ctx, list, concurrency: DEFAULT_CONCURRENCY }),
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
			if (wantActions) {
				entry.actions = await actions.benchActions(ctx, {
					items: opts.items,
					latencyMs: opts.latency,
					list,
					reps: opts.reps,
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
			if (only.has('package') && first) {
				results.package = await pkgBench.benchPackage(ctx, { samples: opts.loadSamples });
			}
		} catch (error) {
			failure = error;
		} finally {
			await ctx.sandbox.stop();
			ctx.sandbox.dispose();
		}
		if (failure) break;
	}
	results.finishedAt = new Date().toISOString();
	results.machine.loadAverageAtEnd = os.loadavg().map((v) => Math.round(v * 100) / 100);

	const minutes = ((Date.parse(results.finishedAt) - startedAt.getTime()) / 60000).toFixed(1);
	say(
		`\n=== Results (${results.date.slice(0, 10)}; ${report.machineLine(machine)}; ${minutes} min)`,
	);
	const markdown = [...actions.MARKDOWN_HEADER];
	for (const entry of results.lines) {
		if (!entry.actions) continue;
		actions.printActions(sb.resolveLine(entry.line), entry.actions, say);
		markdown.push(...actions.markdownRows(sb.resolveLine(entry.line), entry.actions));
	}
	if (markdown.length > 2) {
		say('\nREADME table (Performance):\n');
		for (const row of markdown) say(row);
		say(
			`\n${opts.items.toLocaleString('en-US')} × Session → Get, stand-in answering in ${opts.latency} ms, Retry-After ${opts.retryAfter} s, median of ${opts.reps} runs; ${report.machineLine(machine)}; load average ${machine.loadAverageAtStart.join(' ')} at start.`,
		);
		results.markdown = markdown;
	}
	if (results.trigger) trigger.printTrigger(results.trigger, say);
	if (results.package) pkgBench.printPackage(results.package, say);
	printTargets(results, say);

	if (failure) {
		say(`\nBenchmark failed: ${failure.stack || failure.message}`);
		say(`Logs: ${path.relative(sb.ROOT, setup.BENCH_DIR)}/<line>/logs/`);
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
	for (const entry of results.lines) {
		for (const s of entry.actions?.scenarios ?? []) {
			const where = `n8n ${entry.n8n}, ${s.scenario.name}`;
			lines.push(
				`${mark(s.ours.failedRuns === 0 && s.ours.failedItems === 0)}  ${where}: Briqpay 0 failed items (${s.ours.failedItems})`,
			);
			lines.push(
				`${mark(s.oursVsFloor === undefined ? undefined : s.oursVsFloor <= 1.1)}  ${where}: Briqpay ≤ 1.1× the floor node (${report.fmt.x(s.oursVsFloor)})`,
			);
			const httpOk = s.http.failedRuns === 0 && s.http.failedItems === 0;
			lines.push(
				`${mark(s.oursVsHttp === undefined ? true : s.oursVsHttp <= 1 || !httpOk)}  ${where}: Briqpay not slower than HTTP Request (${report.fmt.x(s.oursVsHttp)}${httpOk ? '' : `; HTTP Request failed ${s.http.failedItems} items`})`,
			);
		}
	}
	if (results.trigger) {
		const b = results.trigger.burst;
		lines.push(
			`${mark(results.trigger.targets.burstAtN8n)}  trigger burst at n8n: ${b.distinct} executions, all confirmed, none lost, none duplicated (${b.executions} executions, ${b.lost} lost, ${b.sessionsRunTwiceOrMore} twice)`,
		);
		lines.push(
			`${mark(results.trigger.targets.burstEveryHookAcceptedAtStandIn)}  trigger burst at the stand-in: every hook accepted (${b.hooksSent - b.hooksNotAcceptedInTheEnd} of ${b.hooksSent}; ${b.timedOutAttempts} attempts timed out)`,
		);
	}
	if (results.package) {
		lines.push(
			`${mark(results.package.targets.zeroRuntimeDependencies)}  package: zero runtime dependencies`,
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
