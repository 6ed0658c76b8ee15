'use strict';

/**
 * Benchmarks 1 and 2: N × Session → Get inside n8n, Briqpay node vs HTTP Request node.
 *
 * Every run is one `n8n execute --id=<workflow>` (mode `cli`, a fresh n8n process, so runs do
 * not share a heap or caches), and its numbers come from the execution n8n saved:
 *   node     = runData["Under test"][0].executionTime (the node alone)
 *   exec     = stoppedAt − startedAt of the execution (the whole workflow, 4 nodes)
 *   wall     = the `n8n execute` command (n8n boot + run + shutdown)
 * plus what the stand-in counted for that run (requests, 429 answers, most requests in flight).
 * Variants of one benchmark run interleaved, one after the other, repetition by repetition, and
 * each variant's median is reported.
 */
const { fmt, median, ratio, table } = require('./report');
const setup = require('./setup');
const wf = require('./workflows');

const IDS = {
	ours: (c) => `bnchBriqpayC${String(c).padStart(4, '0')}`,
	oursDefault: 'bnchBriqpayDflt0',
	http: 'bnchHttpDefault0',
	httpContinue: 'bnchHttpContinue',
	baseline: 'bnchBaselineNone',
};

/** The workflows benchmarks 1 and 2 need (imported once, before n8n starts). */
function workflows({ sessionIds, fakeBaseUrl, concurrencies }) {
	const list = [
		wf.actionWorkflow({
			id: IDS.baseline,
			name: 'bench: baseline (the same items, no node under test)',
			sessionIds,
		}),
		wf.actionWorkflow({
			id: IDS.oursDefault,
			name: 'bench: Briqpay Session → Get (default settings)',
			sessionIds,
			target: wf.briqpaySessionGet(),
		}),
		wf.actionWorkflow({
			id: IDS.http,
			name: 'bench: HTTP Request GET session, Basic auth (default settings)',
			sessionIds,
			target: wf.httpSessionGet({ fakeBaseUrl }),
		}),
		wf.actionWorkflow({
			id: IDS.httpContinue,
			name: 'bench: HTTP Request GET session, Basic auth, On Error: Continue',
			sessionIds,
			target: wf.httpSessionGet({ fakeBaseUrl, continueOnFail: true }),
		}),
	];
	for (const c of concurrencies) {
		list.push(
			wf.actionWorkflow({
				id: IDS.ours(c),
				name: `bench: Briqpay Session → Get, Concurrency ${c}`,
				sessionIds,
				target: wf.briqpaySessionGet({ concurrency: c }),
			}),
		);
	}
	return list;
}

function variant(key, label, workflowId, concurrency) {
	return { key, label, workflowId, concurrency };
}

function oursVariant(c, defaultConcurrency) {
	return c === defaultConcurrency
		? variant(`ours@${c}`, `Briqpay, Concurrency ${c} (default)`, IDS.oursDefault, c)
		: variant(`ours@${c}`, `Briqpay, Concurrency ${c}`, IDS.ours(c), c);
}

/** One `n8n execute` of a variant, measured. */
async function runOnce(ctx, v) {
	const { sandbox, fake } = ctx;
	await fake.control.post('/reset-requests');
	await fake.control.post('/reset-stats');
	const run = await setup.executeWorkflow(sandbox, v.workflowId);
	const stats = await fake.control.get('/stats');
	const execution = run.execution;
	const resultData = execution.data?.resultData ?? {};
	const nodeRun = resultData.runData?.[wf.TARGET]?.[0];
	const items = nodeRun?.data?.main?.[0] ?? [];
	const failedItems = items.filter((item) => item.json && item.json.error !== undefined).length;
	const error = resultData.error;
	return {
		status: execution.status,
		nodeMs: nodeRun?.executionTime,
		execMs: setup.dbTime(execution.stoppedAt) - setup.dbTime(execution.startedAt),
		wallMs: Math.round(run.wallMs),
		cpuMs: run.cpuMs,
		itemsOut: items.length,
		okItems: items.length - failedItems,
		failedItems: error ? undefined : failedItems,
		error: error
			? `${error.message ?? ''}${error.httpCode ? ` (HTTP ${error.httpCode})` : ''}`.slice(0, 160)
			: undefined,
		requests: stats.requests,
		rateLimited: stats.rateLimited,
		inFlightMax: stats.inFlightMax,
		executionId: run.executionId,
	};
}

/** Runs every variant `reps` times, interleaved (the order rotates each repetition). */
async function runVariants(ctx, variants, reps, label) {
	const runs = Object.fromEntries(variants.map((v) => [v.key, []]));
	for (let rep = 0; rep < reps; rep++) {
		const order = variants.map((_, i) => variants[(i + rep) % variants.length]);
		for (const v of order) {
			const r = await runOnce(ctx, v);
			runs[v.key].push(r);
			ctx.log(
				`${label} rep ${rep + 1}/${reps} ${v.label}: ${r.status}, node ${fmt.ms(r.nodeMs)}, ${r.requests} requests, ${r.rateLimited} × 429${r.error ? `, ${r.error}` : ''}`,
			);
		}
	}
	return runs;
}

function summarize(runs) {
	const pick = (key) => runs.map((r) => r[key]);
	const failed = runs.map((r) => r.failedItems);
	return {
		runs: runs.length,
		nodeMs: median(pick('nodeMs')),
		execMs: median(pick('execMs')),
		wallMs: median(pick('wallMs')),
		cpuMs: median(pick('cpuMs')),
		nodeMsAll: pick('nodeMs'),
		statuses: pick('status'),
		failedItems: failed.every((f) => f === undefined)
			? undefined
			: Math.max(...failed.filter((f) => f !== undefined)),
		failedExecutions: runs.filter((r) => r.status !== 'success').length,
		requests: median(pick('requests')),
		rateLimited: median(pick('rateLimited')),
		inFlightMax: Math.max(...pick('inFlightMax')),
		errors: [...new Set(runs.map((r) => r.error).filter(Boolean))],
	};
}

// ------------------------------------------------------------------ benchmark 1

async function benchThroughput(ctx, opts) {
	const { items, latencyMs, concurrencies, defaultConcurrency, reps } = opts;
	await ctx.fake.control.post('/rate-limit', {});
	await ctx.fake.control.post('/latency', { ms: latencyMs });
	const http = variant('http', 'HTTP Request (default settings)', IDS.http);
	const baseline = variant('baseline', 'baseline (no node under test)', IDS.baseline);
	const ours = concurrencies.map((c) => oursVariant(c, defaultConcurrency));
	// Warm the disk cache of both code paths; not counted.
	await runOnce(ctx, http);
	await runOnce(ctx, ours[0]);
	const runs = await runVariants(ctx, [http, ...ours, baseline], reps, 'throughput');

	// n8n's CPU time for the node alone, per item: the run's CPU minus the baseline run's.
	const baselineCpu = summarize(runs.baseline).cpuMs;
	const cpuPerItem = (s) =>
		typeof s.cpuMs === 'number' && typeof baselineCpu === 'number'
			? (s.cpuMs - baselineCpu) / items
			: undefined;
	const httpSummary = summarize(runs.http);
	httpSummary.cpuPerItemMs = cpuPerItem(httpSummary);
	const rows = [];
	for (const v of ours) {
		const s = summarize(runs[v.key]);
		const floorMs = (items * latencyMs) / v.concurrency;
		rows.push({
			key: v.key,
			label: v.label,
			concurrency: v.concurrency,
			floorMs,
			...s,
			cpuPerItemMs: cpuPerItem(s),
			vsHttp: ratio(s.nodeMs, httpSummary.nodeMs),
			vsFloor: ratio(s.nodeMs, floorMs),
		});
	}
	const atDefault = rows.find((r) => r.concurrency === defaultConcurrency);
	const beating = rows.find(
		(r) => r.vsHttp !== undefined && r.vsHttp < 1 && r.failedExecutions === 0,
	);
	const result = {
		items,
		latencyMs,
		reps,
		http: { label: http.label, floorMs: latencyMs, ...httpSummary },
		baselineCpuMs: baselineCpu,
		ours: rows,
		defaultConcurrency,
		neededConcurrency: beating?.concurrency,
		targets: {
			notSlowerThanHttpAtDefault: atDefault ? atDefault.vsHttp <= 1 : undefined,
			notSlowerThanHttpAtNeeded: beating ? true : false,
			within13xOfFloorAtDefault: atDefault ? atDefault.vsFloor <= 1.3 : undefined,
			within13xOfFloorAtNeeded: beating ? beating.vsFloor <= 1.3 : undefined,
		},
	};
	return result;
}

function printThroughput(r, say) {
	say(
		`\n1. Throughput: ${r.items.toLocaleString('en-US')} × Session → Get at ${r.latencyMs} ms API latency (median of ${r.reps} runs each)`,
	);
	const rows = [
		[
			'variant',
			'node',
			'execution',
			'n8n execute',
			'CPU / item',
			'floor',
			'ours / HTTP',
			'ours / floor',
			'in flight',
			'failed',
		],
		[
			r.http.label,
			fmt.ms(r.http.nodeMs),
			fmt.ms(r.http.execMs),
			fmt.ms(r.http.wallMs),
			fmt.ms2(r.http.cpuPerItemMs),
			'-',
			'-',
			'-',
			fmt.int(r.http.inFlightMax),
			r.http.failedExecutions ? `${r.http.failedExecutions} runs` : '0',
		],
	];
	for (const o of r.ours) {
		rows.push([
			o.label,
			fmt.ms(o.nodeMs),
			fmt.ms(o.execMs),
			fmt.ms(o.wallMs),
			fmt.ms2(o.cpuPerItemMs),
			fmt.ms(o.floorMs),
			fmt.x(o.vsHttp),
			fmt.x(o.vsFloor),
			fmt.int(o.inFlightMax),
			o.failedExecutions ? `${o.failedExecutions} runs` : '0',
		]);
	}
	say(table(rows));
	say(
		"  node = the node's executionTime in n8n's execution record; execution = startedAt→stoppedAt (4 nodes);",
	);
	say(
		"  n8n execute = the whole command incl. n8n boot; CPU / item = n8n's CPU time (all threads) for the run minus a run without",
	);
	say(
		"  the node, ÷ items (includes loading the node's code: n8n loads HTTP Request on first use, community packages at start);",
	);
	say(
		'  floor = items × latency ÷ concurrency; in flight = most requests the stand-in saw at once.',
	);
	say(
		`  Concurrency needed to beat HTTP Request: ${r.neededConcurrency ?? `none up to ${Math.max(...r.ours.map((o) => o.concurrency))}`}.`,
	);
}

// ------------------------------------------------------------------ benchmark 2

function limitLabel(s) {
	const parts = [];
	if (s.maxInFlight !== undefined) parts.push(`more than ${s.maxInFlight} requests in flight`);
	if (s.rps !== undefined) parts.push(`more than ${s.rps} requests per second`);
	return `429 + Retry-After: ${s.retryAfterSeconds} above ${parts.join(' or ')}`;
}

function floorUnderLimit({ items, latencyMs, scenario, concurrency }) {
	const lanes = Math.min(concurrency ?? Infinity, scenario.maxInFlight ?? Infinity);
	const byLatency = Number.isFinite(lanes) ? (items * latencyMs) / lanes : latencyMs;
	const byRate = scenario.rps ? (items / scenario.rps) * 1000 : 0;
	return Math.max(byLatency, byRate);
}

async function benchRateLimited(ctx, opts) {
	const { items, latencyMs, scenarios, reps, defaultConcurrency, extraConcurrency } = opts;
	await ctx.fake.control.post('/latency', { ms: latencyMs });
	const variants = [
		variant('http', 'HTTP Request (default settings)', IDS.http),
		variant('httpContinue', 'HTTP Request, On Error: Continue', IDS.httpContinue),
		oursVariant(defaultConcurrency, defaultConcurrency),
	];
	if (extraConcurrency && extraConcurrency !== defaultConcurrency) {
		variants.push(oursVariant(extraConcurrency, defaultConcurrency));
	}
	const results = [];
	for (const scenario of scenarios) {
		await ctx.fake.control.post('/rate-limit', scenario);
		const runs = await runVariants(ctx, variants, reps, `rate limit (${scenario.name})`);
		const rows = variants.map((v) => {
			const s = summarize(runs[v.key]);
			const floorMs = floorUnderLimit({ items, latencyMs, scenario, concurrency: v.concurrency });
			return {
				key: v.key,
				label: v.label,
				concurrency: v.concurrency,
				floorMs,
				...s,
				vsFloor: ratio(s.nodeMs, floorMs),
				perRun: runs[v.key].map((r) => ({
					status: r.status,
					nodeMs: r.nodeMs,
					failedItems: r.failedItems,
					okItems: r.okItems,
					requests: r.requests,
					rateLimited: r.rateLimited,
					error: r.error,
				})),
			};
		});
		const oursRows = rows.filter((r) => r.key.startsWith('ours@'));
		results.push({
			scenario: { ...scenario, label: limitLabel(scenario) },
			rows,
			targets: {
				zeroFailedItemsForOurs: oursRows.every(
					(r) => r.failedExecutions === 0 && (r.failedItems ?? 0) === 0,
				),
			},
		});
	}
	await ctx.fake.control.post('/rate-limit', {});
	return { items, latencyMs, reps, scenarios: results };
}

function printRateLimited(r, say) {
	say(
		`\n2. Rate-limited: ${r.items.toLocaleString('en-US')} × Session → Get at ${r.latencyMs} ms, the stand-in answering 429 (median of ${r.reps} runs each)`,
	);
	for (const s of r.scenarios) {
		say(`\n  ${s.scenario.name}: ${s.scenario.label}`);
		const rows = [
			['variant', 'execution', 'failed items', 'node', 'floor', 'ours / floor', 'requests', '429s'],
		];
		for (const row of s.rows) {
			const failedRuns = row.failedExecutions;
			const execution = failedRuns
				? `failed ${failedRuns}/${row.runs}`
				: `ok ${row.runs}/${row.runs}`;
			const failed =
				row.failedItems !== undefined
					? fmt.int(row.failedItems)
					: failedRuns === row.runs
						? 'n/a (stopped)'
						: '-';
			rows.push([
				row.label,
				execution,
				failed,
				fmt.ms(row.nodeMs),
				fmt.ms(row.floorMs),
				row.key.startsWith('ours@') ? fmt.x(row.vsFloor) : '-',
				fmt.int(row.requests),
				fmt.int(row.rateLimited),
			]);
		}
		say(table(rows, { indent: '    ' }));
		for (const row of s.rows) {
			if (row.errors.length) say(`    ${row.label}: ${row.errors[0]}`);
		}
	}
	say(
		'  failed items: items whose output is an error (max over runs); "n/a (stopped)": the node stopped at the first error, as it does by default.',
	);
	say(
		'  requests / 429s: what the stand-in received / refused (median per run); floor = max(items × latency ÷ min(concurrency, in-flight limit), items ÷ rate).',
	);
}

module.exports = {
	IDS,
	workflows,
	benchThroughput,
	printThroughput,
	benchRateLimited,
	printRateLimited,
};
