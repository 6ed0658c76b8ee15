'use strict';

/**
 * Benchmark 3: webhooks into a running n8n (`n8n start`, both workflows published).
 *
 * - Latency: hooks sent one at a time by the stand-in (as Briqpay sends them: POST JSON
 *   {event, status, sessionId}), alternating between the Briqpay Trigger workflow and a hand-built
 *   Webhook → HTTP Request (GET the session, Basic auth) workflow, each hook about its own completed
 *   session. Latency = the execution's stoppedAt (n8n's record) − the moment the stand-in started
 *   sending the hook (its hook log). A few warm-up hooks per workflow are not counted.
 * - Burst: N distinct confirmed hooks plus D repeats of some of them, all sent at once. Counted at
 *   n8n (executions, their trigger items) and at the stand-in (every delivery attempt and answer).
 */
const { fmt, median, percentile, ratio, table } = require('./report');
const setup = require('./setup');
const wf = require('./workflows');

const IDS = {
	trigger: 'bnchBriqpayTrigr',
	webhook: 'bnchWebhookRerd0',
};
const WEBHOOK_IDS = {
	trigger: 'b0b0b0b0-7e57-4000-8000-00000000a001',
	webhook: 'b0b0b0b0-7e57-4000-8000-00000000a002',
};
const CLAIM = { event: 'order_status', status: 'order_approved_not_captured' };
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

function workflows({ fakeBaseUrl, triggerTypeVersion }) {
	return [
		wf.briqpayTriggerWorkflow({
			id: IDS.trigger,
			webhookId: WEBHOOK_IDS.trigger,
			typeVersion: triggerTypeVersion,
		}),
		wf.webhookWorkflow({ id: IDS.webhook, webhookId: WEBHOOK_IDS.webhook, fakeBaseUrl }),
	];
}

function urls(webhookBaseUrl) {
	const base = webhookBaseUrl.endsWith('/') ? webhookBaseUrl : `${webhookBaseUrl}/`;
	return {
		trigger: `${base}webhook/${WEBHOOK_IDS.trigger}/webhook`,
		webhook: `${base}webhook/${WEBHOOK_IDS.webhook}`,
	};
}

async function seedCompleted(control, count) {
	const ids = [];
	for (let i = 0; i < count; i++) {
		ids.push((await control.seedSession({ status: 'completed' })).sessionId);
	}
	return ids;
}

/** What one execution says: the session it is about, and (trigger) whether it was confirmed. */
function describe(execution, kind) {
	const runData = execution.data?.resultData?.runData ?? {};
	if (kind === 'trigger') {
		const item = runData['Briqpay Trigger']?.[0]?.data?.main?.[0]?.[0]?.json;
		return { sessionId: item?.sessionId, confirmed: item?.confirmed === true };
	}
	const item = runData.Webhook?.[0]?.data?.main?.[0]?.[0]?.json;
	const read = runData['Read session']?.[0]?.data?.main?.[0]?.[0]?.json;
	return { sessionId: item?.body?.sessionId, reread: read?.sessionId === item?.body?.sessionId };
}

/** Waits until the workflow's executions after `afterId` stop changing (or reach `expected`). */
async function settle(ctx, workflowId, afterId, { expected, timeoutMs = 60000, quietMs = 2500 }) {
	const until = Date.now() + timeoutMs;
	let last = -1;
	let stableSince = Date.now();
	for (;;) {
		const rows = (await setup.executionSummaries(ctx.sandbox, workflowId)).filter(
			(row) => row.id > afterId,
		);
		const finished = rows.filter(
			(row) => row.stoppedAt && !['new', 'running', 'waiting'].includes(row.status),
		);
		const count = finished.length === rows.length ? rows.length : -1;
		if (count !== last) {
			last = count;
			stableSince = Date.now();
		}
		const quiet = Date.now() - stableSince >= quietMs;
		if (count >= 0 && quiet && (expected === undefined || count >= expected)) return;
		if (Date.now() > until) return;
		await sleep(500);
	}
}

async function maxExecutionId(ctx) {
	const a = (await setup.latestExecutionId(ctx.sandbox, IDS.trigger)) ?? 0;
	const b = (await setup.latestExecutionId(ctx.sandbox, IDS.webhook)) ?? 0;
	return Math.max(a, b);
}

async function benchLatency(ctx, { hooks, warmup, gapMs }) {
	const { fake } = ctx;
	const targets = urls(ctx.sandbox.webhookBaseUrl);
	const sessions = {
		trigger: await seedCompleted(fake.control, hooks + warmup),
		webhook: await seedCompleted(fake.control, hooks + warmup),
	};
	const afterId = await maxExecutionId(ctx);
	const sent = { trigger: new Map(), webhook: new Map() };
	// n8n's CPU time (all threads) while each counted hook is handled and its execution runs, minus
	// what an idle n8n uses in the same time.
	const pid = ctx.sandbox.n8n.pid;
	const idleFrom = { cpu: setup.processCpuMs(pid), at: Date.now() };
	await sleep(3000);
	const idleCpuPerMs = (setup.processCpuMs(pid) - idleFrom.cpu) / (Date.now() - idleFrom.at);
	const cpu = { trigger: 0, webhook: 0 };
	for (let i = 0; i < hooks + warmup; i++) {
		for (const kind of i % 2 ? ['webhook', 'trigger'] : ['trigger', 'webhook']) {
			const sessionId = sessions[kind][i];
			const cpuBefore = setup.processCpuMs(pid);
			const started = Date.now();
			const delivery = await fake.control.sendHook({
				sessionId,
				payload: CLAIM,
				url: targets[kind],
			});
			sent[kind].set(sessionId, {
				warmup: i < warmup,
				sentAt: Date.parse(delivery.at),
				answeredMs: Date.now() - started,
				statusCode: delivery.statusCode,
				attempt: delivery.attempt,
			});
			await sleep(gapMs);
			if (i >= warmup)
				cpu[kind] += setup.processCpuMs(pid) - cpuBefore - idleCpuPerMs * (Date.now() - started);
		}
	}
	const results = {};
	for (const kind of ['trigger', 'webhook']) {
		const workflowId = IDS[kind];
		await settle(ctx, workflowId, afterId, { expected: hooks + warmup });
		const executions = await setup.executionsWithData(ctx.sandbox, workflowId, { afterId });
		const latencies = [];
		const durations = [];
		const answered = [];
		let matched = 0;
		let unconfirmed = 0;
		let failed = 0;
		for (const execution of executions) {
			const info = describe(execution, kind);
			const hook = sent[kind].get(info.sessionId);
			if (!hook) continue;
			matched++;
			if (execution.status !== 'success') failed++;
			if (kind === 'trigger' && !info.confirmed) unconfirmed++;
			if (hook.warmup) continue;
			latencies.push(setup.dbTime(execution.stoppedAt) - hook.sentAt);
			durations.push(setup.dbTime(execution.stoppedAt) - setup.dbTime(execution.startedAt));
			answered.push(hook.answeredMs);
		}
		const non2xx = [...sent[kind].values()].filter(
			(h) => h.statusCode < 200 || h.statusCode >= 300,
		);
		results[kind] = {
			hooks,
			warmup,
			executions: matched,
			failedExecutions: failed,
			unconfirmed: kind === 'trigger' ? unconfirmed : undefined,
			non2xxAnswers: non2xx.length,
			latencyMs: {
				median: median(latencies),
				p95: percentile(latencies, 95),
				min: Math.min(...latencies),
				max: Math.max(...latencies),
			},
			executionMs: { median: median(durations), p95: percentile(durations, 95) },
			answerMs: { median: median(answered), p95: percentile(answered, 95) },
			n8nCpuMsPerHook: Number.isFinite(cpu[kind]) ? cpu[kind] / hooks : undefined,
		};
	}
	results.ratio = {
		median: ratio(results.trigger.latencyMs.median, results.webhook.latencyMs.median),
		p95: ratio(results.trigger.latencyMs.p95, results.webhook.latencyMs.p95),
		n8nCpu: ratio(results.trigger.n8nCpuMsPerHook, results.webhook.n8nCpuMsPerHook),
	};
	return results;
}

async function benchBurst(ctx, { kind, distinct, duplicates }) {
	const { fake } = ctx;
	const url = urls(ctx.sandbox.webhookBaseUrl)[kind];
	const sessions = await seedCompleted(fake.control, distinct);
	const afterId = await maxExecutionId(ctx);
	const sends = sessions.map((sessionId) => ({ sessionId, repeat: false }));
	for (let i = 0; i < duplicates; i++)
		sends.push({ sessionId: sessions[i % distinct], repeat: true });
	// A fixed shuffle, so repeats arrive mixed with the first deliveries.
	for (let i = sends.length - 1; i > 0; i--) {
		const j = (i * 7919) % (i + 1);
		[sends[i], sends[j]] = [sends[j], sends[i]];
	}
	const cpuBefore = setup.processCpuMs(ctx.sandbox.n8n.pid);
	const started = Date.now();
	const finals = await Promise.all(
		sends.map((s) => fake.control.sendHook({ sessionId: s.sessionId, payload: CLAIM, url })),
	);
	const allAnsweredMs = Date.now() - started;
	await settle(ctx, IDS[kind], afterId, { expected: distinct, quietMs: 3000 });
	const n8nCpuMs = setup.processCpuMs(ctx.sandbox.n8n.pid) - cpuBefore;
	const executions = await setup.executionsWithData(ctx.sandbox, IDS[kind], { afterId });
	const wanted = new Set(sessions);
	const perSession = new Map();
	let confirmed = 0;
	let failed = 0;
	const stops = [];
	for (const execution of executions) {
		const info = describe(execution, kind);
		if (!wanted.has(info.sessionId)) continue;
		perSession.set(info.sessionId, (perSession.get(info.sessionId) ?? 0) + 1);
		if (info.confirmed) confirmed++;
		if (execution.status !== 'success') failed++;
		stops.push(setup.dbTime(execution.stoppedAt));
	}
	const hookLog = (await fake.control.hooks()).filter(
		(d) => wanted.has(d.sessionId) && d.url === url && Date.parse(d.at) >= started - 1000,
	);
	const attemptsByCode = {};
	for (const d of hookLog) {
		const code = d.statusCode ?? `error: ${d.error}`;
		attemptsByCode[code] = (attemptsByCode[code] ?? 0) + 1;
	}
	const executionsCount = [...perSession.values()].reduce((a, b) => a + b, 0);
	const lost = sessions.filter((id) => !perSession.has(id)).length;
	const duplicated = [...perSession.values()].filter((n) => n > 1).length;
	const undelivered = finals.filter((d) => !d.ok).length;
	return {
		kind,
		hooksSent: sends.length,
		distinct,
		repeats: duplicates,
		executions: executionsCount,
		sessionsWithExecution: perSession.size,
		lost,
		sessionsRunTwiceOrMore: duplicated,
		confirmed: kind === 'trigger' ? confirmed : undefined,
		failedExecutions: failed,
		hookAttempts: hookLog.length,
		hookAttemptsByStatus: attemptsByCode,
		hooksNotAcceptedInTheEnd: undelivered,
		allAnsweredMs,
		n8nCpuMs,
		lastExecutionFinishedMs: stops.length ? Math.max(...stops) - started : undefined,
		okAtN8n:
			kind === 'trigger'
				? executionsCount === distinct &&
					lost === 0 &&
					duplicated === 0 &&
					confirmed === distinct &&
					failed === 0
				: undefined,
		okAtStandIn: undelivered === 0,
		timedOutAttempts: hookLog.filter((d) => /timed out/.test(d.error ?? '')).length,
	};
}

async function benchTrigger(ctx, opts) {
	const latency = await benchLatency(ctx, opts);
	const burst = await benchBurst(ctx, {
		kind: 'trigger',
		distinct: opts.burst,
		duplicates: opts.burstRepeats,
	});
	const burstWebhook = await benchBurst(ctx, {
		kind: 'webhook',
		distinct: opts.burst,
		duplicates: opts.burstRepeats,
	});
	return {
		latencyMsOfStandIn: opts.latencyMs,
		latency,
		burst,
		burstWebhook,
		targets: {
			burstAllConfirmedNoneLostNoneDuplicated: burst.okAtN8n && burst.okAtStandIn,
			burstAtN8n: burst.okAtN8n,
			burstEveryHookAcceptedAtStandIn: burst.okAtStandIn,
		},
	};
}

function printTrigger(r, say) {
	const l = r.latency;
	say(
		`\n3. Trigger: hook sent (stand-in) → execution finished (n8n's record), ${l.trigger.hooks} hooks each, one at a time, stand-in latency ${r.latencyMsOfStandIn} ms`,
	);
	const rows = [
		[
			'workflow',
			'median',
			'p95',
			'min',
			'max',
			'execution (median)',
			'hook answered (median)',
			'n8n CPU per hook',
			'executions',
		],
	];
	for (const [kind, label] of [
		['trigger', 'Briqpay Trigger (re-read, confirm, dedupe)'],
		['webhook', 'Webhook → HTTP Request re-read'],
	]) {
		const x = l[kind];
		rows.push([
			label,
			fmt.ms(x.latencyMs.median),
			fmt.ms(x.latencyMs.p95),
			fmt.ms(x.latencyMs.min),
			fmt.ms(x.latencyMs.max),
			fmt.ms(x.executionMs.median),
			fmt.ms(x.answerMs.median),
			fmt.ms(x.n8nCpuMsPerHook),
			`${x.executions} of ${x.hooks + x.warmup}`,
		]);
	}
	say(table(rows));
	say(
		`  Briqpay Trigger / Webhook+HTTP: median ${fmt.x(l.ratio.median)}, p95 ${fmt.x(l.ratio.p95)}, n8n CPU per hook ${fmt.x(l.ratio.n8nCpu)}.`,
	);
	say(
		'  The trigger reads the session before n8n answers and starts the execution; the Webhook answers first and reads inside the execution.',
	);
	for (const b of [r.burst, r.burstWebhook]) {
		const label =
			b.kind === 'trigger' ? 'Briqpay Trigger' : 'Webhook → HTTP Request (for comparison)';
		say(
			`\n  Burst, ${label}: ${b.hooksSent} hooks at once (${b.distinct} distinct confirmed + ${b.repeats} repeats)`,
		);
		say(
			table(
				[
					[
						'executions',
						'sessions run',
						'lost',
						'run twice+',
						'confirmed',
						'failed',
						'hook attempts',
						'answers',
						'all answered',
						'last finished',
						'n8n CPU',
					],
					[
						fmt.int(b.executions),
						fmt.int(b.sessionsWithExecution),
						fmt.int(b.lost),
						fmt.int(b.sessionsRunTwiceOrMore),
						b.confirmed === undefined ? '-' : fmt.int(b.confirmed),
						fmt.int(b.failedExecutions),
						fmt.int(b.hookAttempts),
						Object.entries(b.hookAttemptsByStatus)
							.map(([code, n]) => `${n}×${code}`)
							.join(' '),
						fmt.ms(b.allAnsweredMs),
						fmt.ms(b.lastExecutionFinishedMs),
						fmt.ms(b.n8nCpuMs),
					],
				],
				{ indent: '    ' },
			),
		);
		if (b.kind === 'trigger') {
			say(
				`    at n8n: ${b.okAtN8n ? 'OK' : 'NOT OK'} (${b.executions} executions for ${b.sessionsWithExecution} of ${b.distinct} sessions, ${b.confirmed} confirmed, ${b.lost} lost, ${b.sessionsRunTwiceOrMore} run twice)`,
			);
		}
		say(
			`    at the stand-in: ${b.hooksSent - b.hooksNotAcceptedInTheEnd} of ${b.hooksSent} hooks answered 2xx in the end${b.timedOutAttempts ? `; ${b.timedOutAttempts} attempts timed out (the stand-in waits 5 s, tries 3 times)` : ''}`,
		);
	}
}

module.exports = { IDS, workflows, urls, benchTrigger, printTrigger };
