'use strict';

/**
 * Briqpay Trigger: once-only inside one n8n process, and across restarts, as far as n8n allows.
 *
 * The harness keeps workflow static data the way n8n's webhook path does: loaded when a call
 * starts, saved whole in the response callback only when the call changed it, the last save
 * winning between concurrent calls (`staticData` below plays the database row). n8n 2.x creates
 * the execution before it answers; `failExecutionStart` makes that fail like a database or queue
 * outage (500, nothing saved). A restart is a new harness over a fresh copy of the package:
 * nothing of the old process survives but the saved static data.
 */
const crypto = require('node:crypto');

const { setup, restartedHarness } = require('./helpers');

const t = setup();
const WEBHOOK_ID = '7d1c2d3e-4f50-4a6b-8c7d-9e0f1a2b3c4e';
const NODE = 'node:Briqpay Trigger';
const MAX_EVENT_KEYS = 2000;

const triggerNode = (options = {}) => ({
	type: 'briqpayTrigger',
	name: 'Briqpay Trigger',
	id: 'briqpay-trigger-dedupe',
	webhookId: WEBHOOK_ID,
	parameters: {
		events: ['session_status', 'order_status', 'capture_status', 'refund_status'],
		statusFilters: {},
		options,
	},
});

/** Each test has its own workflow, so the process's memory of one test does not reach another. */
let workflowId;
beforeEach(() => {
	workflowId = `dedupe-${crypto.randomUUID()}`;
});

/** One POST hook through n8n's webhook path, on `harness` (default: this process). */
function deliver(
	payload,
	{
		staticData,
		harness = t.harness,
		options,
		failExecutionStart,
		dropConnection,
		startForgetsStaticData,
	} = {},
) {
	return harness.runWebhook({
		workflow: { id: workflowId, nodes: [triggerNode(options)], connections: {} },
		credentials: t.credentials,
		request: { method: 'POST', headers: { 'content-type': 'application/json' }, body: payload },
		staticData,
		failExecutionStart,
		dropConnection,
		startForgetsStaticData,
	});
}

const approvedOrder = () => {
	const { sessionId } = t.fake.seedSession({
		status: 'completed',
		orderStatus: 'order_approved_not_captured',
	});
	return { event: 'order_status', status: 'order_approved_not_captured', sessionId };
};
const keyOf = (hook) => `${hook.sessionId}:${hook.event}:${hook.status}`;
/** The events the calls started executions for (eventKey itself is checked in trigger.test.js). */
const emittedKeys = (results) => results.flatMap((r) => r.emitted.map(({ json }) => keyOf(json)));

afterEach(() => {
	t.fake.latencyMs = 0;
});

describe('one process', () => {
	test('sequential redeliveries: one execution; the duplicates answer 200 and write no static data', async () => {
		const staticData = {};
		const hook = approvedOrder();
		const first = await deliver(hook, { staticData });
		const again = [await deliver(hook, { staticData }), await deliver(hook, { staticData })];
		expect(emittedKeys([first, ...again])).toEqual([keyOf(hook)]);
		expect(first.staticDataSaved).toBe(true);
		expect(staticData[NODE].eventKeys).toEqual({ [keyOf(hook)]: expect.any(Number) });
		for (const res of again) {
			expect(res.statusCode).toBe(200);
			expect(res.body).toEqual({ received: true, duplicate: true });
			expect(res.staticDataSaved).toBe(false);
		}
		// the duplicates did not read the session again
		expect(t.requests()).toHaveLength(1);
	});

	test('20 concurrent copies of one event: one execution, one session read, one static-data write', async () => {
		const staticData = {};
		const hook = approvedOrder();
		t.fake.latencyMs = 30;
		const results = await Promise.all(
			Array.from({ length: 20 }, () => deliver(hook, { staticData })),
		);
		expect(results.map((r) => r.statusCode)).toEqual(Array(20).fill(200));
		expect(emittedKeys(results)).toEqual([keyOf(hook)]);
		expect(results.filter((r) => r.staticDataSaved)).toHaveLength(1);
		expect(t.requests()).toHaveLength(1);
	});

	test('a burst of 50 distinct events at once: 50 executions, and the saved state holds all 50 keys', async () => {
		const staticData = {};
		const hooks = Array.from({ length: 50 }, approvedOrder);
		t.fake.latencyMs = 5;
		const results = await Promise.all(hooks.map((hook) => deliver(hook, { staticData })));
		expect(emittedKeys(results).sort()).toEqual(hooks.map(keyOf).sort());
		expect(Object.keys(staticData[NODE].eventKeys).sort()).toEqual(hooks.map(keyOf).sort());
	});

	test('claims that are dropped (forged), for an unknown session, of an unknown type or malformed write no static data', async () => {
		const staticData = { [NODE]: { eventKeys: {} } };
		const before = JSON.stringify(staticData);
		const pending = t.fake.seedSession({ status: 'completed', orderStatus: 'order_pending' });
		const results = [
			// forged: the session says pending
			await deliver(
				{
					event: 'order_status',
					status: 'order_approved_not_captured',
					sessionId: pending.sessionId,
				},
				{ staticData },
			),
			// an unknown session, an unknown event type, a malformed hook
			await deliver(
				{ event: 'session_status', status: 'completed', sessionId: crypto.randomUUID() },
				{ staticData },
			),
			await deliver(
				{ event: 'module_ui_status', status: 'x', sessionId: crypto.randomUUID() },
				{ staticData },
			),
			await deliver({ event: 'order_status', status: 'nope' }, { staticData }),
		];
		expect(results.map((r) => r.statusCode)).toEqual([200, 404, 200, 400]);
		expect(results.map((r) => r.staticDataSaved)).toEqual([false, false, false, false]);
		expect(emittedKeys(results)).toEqual([]);
		expect(JSON.stringify(staticData)).toBe(before);
		// also when the trigger has no static data yet
		const empty = {};
		const dropped = await deliver(
			{
				event: 'order_status',
				status: 'order_approved_not_captured',
				sessionId: pending.sessionId,
			},
			{ staticData: empty },
		);
		expect(dropped.staticDataSaved).toBe(false);
		expect(empty).toEqual({});
	});
});

describe('n8n fails to start the execution (database or queue down)', () => {
	test('the redelivery is emitted once, not swallowed as a duplicate', async () => {
		const staticData = {};
		const hook = approvedOrder();
		const failed = await deliver(hook, { staticData, failExecutionStart: true });
		expect(failed.statusCode).toBe(500);
		expect(failed.emitted).toEqual([]);
		expect(failed.staticDataSaved).toBe(false);
		const redelivered = await deliver(hook, { staticData });
		const again = await deliver(hook, { staticData });
		expect(redelivered.statusCode).toBe(200);
		expect(emittedKeys([failed, redelivered, again])).toEqual([keyOf(hook)]);
		expect(again.body).toEqual({ received: true, duplicate: true });
	});

	test('copies that arrived meanwhile wait for the outcome: one of them is emitted', async () => {
		const staticData = {};
		const hook = approvedOrder();
		t.fake.latencyMs = 30;
		const first = deliver(hook, { staticData, failExecutionStart: true });
		const copies = Array.from({ length: 4 }, () => deliver(hook, { staticData }));
		const results = [await first, ...(await Promise.all(copies))];
		expect(results[0].statusCode).toBe(500);
		expect(results.slice(1).map((r) => r.statusCode)).toEqual([200, 200, 200, 200]);
		expect(emittedKeys(results)).toEqual([keyOf(hook)]);
	});

	test('a failed start while other events succeed: the others stay recorded, the failed one is emitted on redelivery', async () => {
		const staticData = {};
		const hooks = Array.from({ length: 10 }, approvedOrder);
		t.fake.latencyMs = 5;
		const results = await Promise.all(
			hooks.map((hook, i) => deliver(hook, { staticData, failExecutionStart: i === 3 })),
		);
		expect(results.map((r) => r.statusCode)).toEqual(hooks.map((_, i) => (i === 3 ? 500 : 200)));
		expect(Object.keys(staticData[NODE].eventKeys).sort()).toEqual(
			hooks
				.filter((_, i) => i !== 3)
				.map(keyOf)
				.sort(),
		);
		const redelivered = await Promise.all(hooks.map((hook) => deliver(hook, { staticData })));
		expect(emittedKeys(redelivered)).toEqual([keyOf(hooks[3])]);
	});
});

describe("n8n's answer never reaches Briqpay (the connection drops after the execution was created)", () => {
	test('the redelivery runs again, with the same eventKey: a duplicate downstream can drop, never a lost event', async () => {
		const staticData = {};
		const hook = approvedOrder();
		const unanswered = await deliver(hook, { staticData, dropConnection: true });
		expect(unanswered.emitted).toHaveLength(1);
		expect(unanswered.staticDataSaved).toBe(true);
		// another event in between: its save re-reads the stored keys
		await deliver(approvedOrder(), { staticData });
		const redelivered = await deliver(hook, { staticData });
		const again = await deliver(hook, { staticData });
		expect(emittedKeys([unanswered, redelivered, again])).toEqual([keyOf(hook), keyOf(hook)]);
		expect(redelivered.emitted[0].json.eventKey).toBe(unanswered.emitted[0].json.eventKey);
		expect(again.body).toEqual({ received: true, duplicate: true });
	});
});

describe('across a restart', () => {
	let restarted;
	afterEach(async () => {
		await restarted?.close();
		restarted = undefined;
	});

	test('a burst of 50 distinct events, a restart, then the 50 redelivered at once: 0 new executions, nothing written', async () => {
		const staticData = {};
		const hooks = Array.from({ length: 50 }, approvedOrder);
		t.fake.latencyMs = 5;
		const burst = await Promise.all(hooks.map((hook) => deliver(hook, { staticData })));
		expect(emittedKeys(burst)).toHaveLength(50);

		restarted = await restartedHarness();
		const saved = JSON.stringify(staticData);
		const redelivered = await Promise.all(
			hooks.map((hook) => deliver(hook, { staticData, harness: restarted })),
		);
		expect(redelivered.map((r) => r.statusCode)).toEqual(Array(50).fill(200));
		expect(emittedKeys(redelivered)).toEqual([]);
		expect(redelivered.filter((r) => r.staticDataSaved)).toHaveLength(0);
		expect(JSON.stringify(staticData)).toBe(saved);
	});

	test('the restart is real: with the stored state lost, the event is emitted again', async () => {
		const hook = approvedOrder();
		expect(emittedKeys([await deliver(hook, { staticData: {} })])).toEqual([keyOf(hook)]);
		restarted = await restartedHarness();
		expect(emittedKeys([await deliver(hook, { staticData: {}, harness: restarted })])).toEqual([
			keyOf(hook),
		]);
	});

	test('the restarted process keeps what it learnt from the stored state in its own writes', async () => {
		const staticData = {};
		const old = Array.from({ length: 5 }, approvedOrder);
		for (const hook of old) await deliver(hook, { staticData });
		restarted = await restartedHarness();
		const fresh = Array.from({ length: 5 }, approvedOrder);
		t.fake.latencyMs = 5;
		const results = await Promise.all(
			fresh.map((hook) => deliver(hook, { staticData, harness: restarted })),
		);
		expect(emittedKeys(results)).toHaveLength(5);
		expect(Object.keys(staticData[NODE].eventKeys).sort()).toEqual(
			[...old, ...fresh].map(keyOf).sort(),
		);
	});

	test('keys stored by version 0.1 (`seen`) still count, and are rewritten as event keys', async () => {
		const hook = approvedOrder();
		const legacy = `${hook.sessionId}|order_status|order_approved_not_captured|||c`;
		const staticData = { [NODE]: { webhookUrl: 'http://x', seen: { [legacy]: Date.now() } } };
		restarted = await restartedHarness();
		const again = await deliver(hook, { staticData, harness: restarted });
		expect(again.body).toEqual({ received: true, duplicate: true });
		expect(again.staticDataSaved).toBe(false);
		const other = await deliver(approvedOrder(), { staticData, harness: restarted });
		expect(other.emitted).toHaveLength(1);
		expect(staticData[NODE].seen).toBeUndefined();
		expect(staticData[NODE].webhookUrl).toBe('http://x');
		expect(Object.keys(staticData[NODE].eventKeys)).toEqual(expect.arrayContaining([keyOf(hook)]));
	});
});

describe('n8n 2.40 and newer: the static data of a call that starts an execution is not saved', () => {
	let restarted;
	afterEach(async () => {
		await restarted?.close();
		restarted = undefined;
	});
	const on240 = { startForgetsStaticData: true };

	test('the first duplicate writes the keys this process accepted, once; later duplicates write nothing', async () => {
		const staticData = {};
		const hooks = Array.from({ length: 10 }, approvedOrder);
		const burst = await Promise.all(hooks.map((hook) => deliver(hook, { staticData, ...on240 })));
		expect(emittedKeys(burst).sort()).toEqual(hooks.map(keyOf).sort());
		expect(burst.some((r) => r.staticDataSaved)).toBe(false);
		expect(staticData[NODE]).toBeUndefined();

		const duplicate = await deliver(hooks[0], { staticData, ...on240 });
		expect(duplicate.body).toEqual({ received: true, duplicate: true });
		expect(duplicate.emitted).toHaveLength(0);
		expect(duplicate.staticDataSaved).toBe(true);
		expect(Object.keys(staticData[NODE].eventKeys).sort()).toEqual(hooks.map(keyOf).sort());
		const later = await deliver(hooks[1], { staticData, ...on240 });
		expect(later.staticDataSaved).toBe(false);
	});

	test('so a restart after a duplicate forgets nothing: the redeliveries start 0 executions', async () => {
		const staticData = {};
		const hooks = Array.from({ length: 10 }, approvedOrder);
		await Promise.all(hooks.map((hook) => deliver(hook, { staticData, ...on240 })));
		await deliver(hooks[0], { staticData, ...on240 });
		restarted = await restartedHarness();
		const redelivered = await Promise.all(
			hooks.map((hook) => deliver(hook, { staticData, harness: restarted, ...on240 })),
		);
		expect(emittedKeys(redelivered)).toEqual([]);
	});

	test('the limit: a restart before any duplicate reached the process runs the redeliveries again, with the same eventKey', async () => {
		const staticData = {};
		const hook = approvedOrder();
		const first = await deliver(hook, { staticData, ...on240 });
		restarted = await restartedHarness();
		const again = await deliver(hook, { staticData, harness: restarted, ...on240 });
		expect(emittedKeys([first, again])).toEqual([keyOf(hook), keyOf(hook)]);
		expect(again.emitted[0].json.eventKey).toBe(first.emitted[0].json.eventKey);
	});
});

describe('bounded', () => {
	test(`keys older than the window are dropped, and at most ${MAX_EVENT_KEYS} (the newest) are kept`, async () => {
		const now = Date.now();
		const eventKeys = {};
		for (let i = 0; i < MAX_EVENT_KEYS; i++)
			eventKeys[`${crypto.randomUUID()}:session_status:completed`] = now - 60_000 + i;
		const expired = `${crypto.randomUUID()}:session_status:completed`;
		eventKeys[expired] = now - 6 * 60_000;
		const oldest = Object.keys(eventKeys)[0];
		const staticData = { [NODE]: { eventKeys } };
		const hook = approvedOrder();
		const res = await deliver(hook, { staticData });
		expect(res.emitted).toHaveLength(1);
		const stored = staticData[NODE].eventKeys;
		expect(Object.keys(stored)).toHaveLength(MAX_EVENT_KEYS);
		expect(stored[keyOf(hook)]).toBeGreaterThanOrEqual(now);
		expect(stored[expired]).toBeUndefined();
		expect(stored[oldest]).toBeUndefined();
	});

	test('the window is the Deduplication Window option; 0 turns deduplication off and writes nothing', async () => {
		const staticData = {};
		const hook = approvedOrder();
		const off = { dedupeWindowMinutes: 0 };
		const results = [
			await deliver(hook, { staticData, options: off }),
			await deliver(hook, { staticData, options: off }),
		];
		expect(emittedKeys(results)).toEqual([keyOf(hook), keyOf(hook)]);
		expect(results.map((r) => r.staticDataSaved)).toEqual([false, false]);
	});
});
