'use strict';

/**
 * The action benchmark: N × Session → Get inside n8n, three nodes side by side in each scenario:
 * HTTP Request (with the Briqpay credential), the floor node (lib/floor.js) and Briqpay.
 *
 * Scenarios: quiet; at most `maxInFlight` requests in flight (429 + Retry-After above); at most
 * `rps` requests per second (the same). The floor node is told the limit (its concurrency set to
 * the in-flight limit, its starts spaced 1/rps apart), Briqpay and HTTP Request are not.
 *
 * Every run is one `n8n execute --id=<workflow>` (mode `cli`, a fresh n8n process), and its numbers
 * come from the execution n8n saved: the node's `executionTime` in runData["Under test"][0], its
 * output items (failed = items with `error`), plus what the stand-in counted for that run
 * (requests, 429 answers, most requests in flight). Variants run interleaved, repetition by
 * repetition; each variant's median is reported, with ratios taken in the same run.
 */
const { fmt, median, ratio, table } = require('./report');
const setup = require('./setup');
const wf = require('./workflows');

const KINDS = ['http', 'floor', 'ours'];
const LABELS = { http: 'HTTP Request', floor: 'floor node', ours: 'Briqpay' };

/** The scenarios of a run, from the options. */
function scenarios({ rlInFlight, rlRps, retryAfter }) {
	const list = [{ key: 'quiet', name: 'quiet', limit: null }];
	if (rlInFlight > 0) {
		list.push({
			key: 'inflight',
			name: `≤ ${rlInFlight} requests in flight`,
			limit: { maxInFlight: rlInFlight, retryAfterSeconds: retryAfter },
		});
	}
	if (rlRps > 0) {
		list.push({
			key: 'rps',
			name: `≤ ${rlRps} requests/s`,
			limit: { rps: rlRps, retryAfterSeconds: retryAfter },
		});
	}
	return list;
}

const workflowId = (scenario, kind) => `bnch${scenario.key}${kind}`.padEnd(16, '0').slice(0, 16);

/** The workflows: one per scenario and node (imported once per sandbox). */
function workflows({ sessionIds, ctx, list, concurrency }) {
	const fakeBaseUrl = ctx.fake.baseUrl;
	const out = [];
	for (const scenario of list) {
		const targets = {
			// Under a limit HTTP Request stops at the first 429; On Error: Continue counts the failures.
			http: wf.httpSessionGet({ fakeBaseUrl, continueOnFail: scenario.limit !== null }),
			floor: wf.floorSessionGet({
				fakeBaseUrl,
				username: ctx.username,
				secret: ctx.secret,
				concurrency: Math.min(concurrency, scenario.limit?.maxInFlight ?? Infinity),
				rps: scenario.limit?.rps ?? 0,
			}),
			ours: wf.briqpaySessionGet(),
		};
		for (const kind of KINDS) {
			out.push(
				wf.actionWorkflow({
					id: workflowId(scenario, kind),
					name: `bench: ${LABELS[kind]}, ${scenario.name}`,
					sessionIds,
					target: targets[kind],
				}),
			);
		}
	}
	return out;
}

/** One `n8n execute` of a workflow, measured. */
async function runOnce(ctx, id) {
	const { sandbox, fake } = ctx;
	await fake.control.post('/reset-requests');
	await fake.control.post('/reset-stats');
	const run = await setup.executeWorkflow(sandbox, id);
	const stats = await fake.control.get('/stats');
	const resultData = run.execution.data?.resultData ?? {};
	const nodeRun = resultData.runData?.[wf.TARGET]?.[0];
	const items = nodeRun?.data?.main?.[0] ?? [];
	const failedItems = items.filter((item) => item.json && item.json.error !== undefined).length;
	const error = resultData.error;
	return {
		status: run.execution.status,
		nodeMs: nodeRun?.executionTime,
		itemsOut: items.length,
		failedItems,
		error: error ? String(error.message ?? '').slice(0, 160) : undefined,
		requests: stats.requests,
		rateLimited: stats.rateLimited,
		inFlightMax: stats.inFlightMax,
	};
}

function summarize(runs, items) {
	const pick = (key) => runs.map((r) => r[key]);
	const ok = runs.filter((r) => r.status === 'success');
	return {
		runs: runs.length,
		nodeMs: ok.length === runs.length ? median(pick('nodeMs')) : undefined,
		nodeMsAll: pick('nodeMs'),
		failedRuns: runs.length - ok.length,
		// Items that did not come out right: error items, or all of them when the run stopped.
		failedItems: Math.max(...runs.map((r) => (r.status === 'success' ? r.failedItems : items))),
		requests: median(pick('requests')),
		rateLimited: median(pick('rateLimited')),
		inFlightMax: Math.max(...pick('inFlightMax')),
		errors: [...new Set(runs.map((r) => r.error).filter(Boolean))],
	};
}

/** Runs every scenario: its three workflows `reps` times, interleaved (the order rotates). */
async function benchActions(ctx, { items, latencyMs, list, reps }) {
	await ctx.fake.control.post('/latency', { ms: latencyMs });
	const results = [];
	for (const scenario of list) {
		await ctx.fake.control.post('/rate-limit', scenario.limit ?? {});
		const runs = Object.fromEntries(KINDS.map((k) => [k, []]));
		for (let rep = 0; rep < reps; rep++) {
			const order = KINDS.map((_, i) => KINDS[(i + rep) % KINDS.length]);
			for (const kind of order) {
				const r = await runOnce(ctx, workflowId(scenario, kind));
				runs[kind].push(r);
				ctx.log(
					`${scenario.name} rep ${rep + 1}/${reps} ${LABELS[kind]}: ${r.status}, node ${fmt.ms(r.nodeMs)}, ${r.failedItems} failed, ${r.requests} requests, ${r.rateLimited} × 429${r.error ? `, ${r.error}` : ''}`,
				);
			}
		}
		const s = Object.fromEntries(KINDS.map((k) => [k, summarize(runs[k], items)]));
		results.push({
			scenario: { key: scenario.key, name: scenario.name, limit: scenario.limit },
			...s,
			oursVsFloor: ratio(s.ours.nodeMs, s.floor.nodeMs),
			oursVsHttp: ratio(s.ours.nodeMs, s.http.nodeMs),
		});
	}
	await ctx.fake.control.post('/rate-limit', {});
	return { items, latencyMs, reps, scenarios: results };
}

const seconds = (ms) => (typeof ms === 'number' ? `${(ms / 1000).toFixed(2)} s` : 'stopped');

/** One cell: time, and failed items / 429s when there were any. */
function cell(s) {
	const notes = [];
	if (s.failedItems) notes.push(`${fmt.int(s.failedItems)} failed`);
	if (s.rateLimited) notes.push(`${fmt.int(s.rateLimited)} × 429`);
	return notes.length ? `${seconds(s.nodeMs)} (${notes.join(', ')})` : seconds(s.nodeMs);
}

/** The table of one n8n line, and the README-ready Markdown rows of it. */
function printActions(line, r, say) {
	say(
		`\nn8n ${line.n8nVersion} (Node ${line.node}): ${r.items.toLocaleString('en-US')} × Session → Get, stand-in answering in ${r.latencyMs} ms, median of ${r.reps} runs`,
	);
	const rows = [
		[
			'scenario',
			'HTTP Request',
			'floor node',
			'Briqpay',
			'÷ floor',
			'÷ HTTP Req.',
			'most in flight',
		],
	];
	for (const s of r.scenarios) {
		rows.push([
			s.scenario.name,
			cell(s.http),
			cell(s.floor),
			cell(s.ours),
			fmt.x(s.oursVsFloor),
			fmt.x(s.oursVsHttp),
			`${s.http.inFlightMax} / ${s.floor.inFlightMax} / ${s.ours.inFlightMax}`,
		]);
	}
	say(table(rows));
}

function markdownRows(line, r) {
	return r.scenarios.map(
		(s) =>
			`| ${line.n8nVersion} | ${s.scenario.name} | ${cell(s.http)} | ${cell(s.floor)} | ${cell(s.ours)} | ${fmt.x(s.oursVsFloor)} | ${fmt.x(s.oursVsHttp)} |`,
	);
}

const MARKDOWN_HEADER = [
	'| n8n | scenario | HTTP Request | floor node | Briqpay | Briqpay ÷ floor | Briqpay ÷ HTTP Request |',
	'| --- | --- | --- | --- | --- | --- | --- |',
];

module.exports = {
	scenarios,
	workflows,
	benchActions,
	printActions,
	markdownRows,
	MARKDOWN_HEADER,
};
