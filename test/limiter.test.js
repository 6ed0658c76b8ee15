'use strict';

/**
 * The adaptive in-flight limiter under Briqpay-like limits: the Briqpay node run through n8n-core
 * against the fake (429 + Retry-After above a limit), and the limiter alone for what the fake
 * cannot count (requests of ours in flight, refused ones included). Counts, never times.
 */
const { setup } = require('./helpers');
const { createLimiter } = require('../dist/nodes/Briqpay/shared/limiter');

const t = setup();

afterEach(() => {
	t.fake.latencyMs = 0;
	t.fake.setRateLimit(null);
	t.fake.resetStats();
});

const getSession = (concurrency) => ({
	resource: 'session',
	operation: 'get',
	sessionId: '={{ $json.id }}',
	processing: { concurrency },
});
const seed = (n) => Array.from({ length: n }, () => t.fake.seedSession({}));
const items = (sessions) => sessions.map((s) => ({ json: { id: s.sessionId } }));

describe('through n8n against the fake', () => {
	test('≤ 10 in flight, Concurrency 20: the limit is learned in one wave, every item succeeds', async () => {
		const sessions = seed(600);
		t.fake.latencyMs = 10;
		t.fake.setRateLimit({ maxInFlight: 10, retryAfterSeconds: 1 });
		t.fake.resetStats();
		const run = await t.briqpay(getSession(20), { items: items(sessions), continueOnFail: true });
		expect(run.status).toBe('success');
		expect(run.items.map((i) => i.json.sessionId)).toEqual(sessions.map((s) => s.sessionId));
		expect(run.items.filter((i) => i.json.error)).toHaveLength(0);
		// one wave (at most the 10 above the limit), a few steps down, a refused probe or two; the
		// halving limiter this replaced got 15 here, and 40-50 per 1,000 items in the bench
		expect(t.fake.stats.rateLimited).toBeGreaterThan(0);
		expect(t.fake.stats.rateLimited).toBeLessThanOrEqual(12);
		expect(t.fake.stats.requests).toBe(600 + t.fake.stats.rateLimited);
	});

	test('a limit above Concurrency is never reached: no 429, never more than Concurrency in flight', async () => {
		const sessions = seed(60);
		t.fake.latencyMs = 10;
		t.fake.setRateLimit({ maxInFlight: 10, retryAfterSeconds: 1 });
		t.fake.resetStats();
		const run = await t.briqpay(getSession(6), { items: items(sessions) });
		expect(run.status).toBe('success');
		expect(t.fake.stats.rateLimited).toBe(0);
		expect(t.fake.stats.inFlightMax).toBeLessThanOrEqual(6);
	});

	test('a requests-per-second limit: no failed item, the 429s stay few, Concurrency is respected', async () => {
		const sessions = seed(90);
		t.fake.latencyMs = 5;
		t.fake.setRateLimit({ rps: 40, retryAfterSeconds: 1 });
		t.fake.resetStats();
		const run = await t.briqpay(getSession(8), { items: items(sessions), continueOnFail: true });
		expect(run.status).toBe('success');
		expect(run.items.map((i) => i.json.sessionId)).toEqual(sessions.map((s) => s.sessionId));
		expect(run.items.filter((i) => i.json.error)).toHaveLength(0);
		expect(t.fake.stats.inFlightMax).toBeLessThanOrEqual(8);
		// after a 429 nobody is sent before its Retry-After: a few 429s per second window, not one per item
		expect(t.fake.stats.rateLimited).toBeLessThanOrEqual(3 * 8);
	});
});

describe('the limiter alone', () => {
	/** A stand-in server: refuses (429, Retry-After 0) above `maxInFlight`, answers after `ms`. */
	function server(maxInFlight, ms = 1) {
		const stats = { inFlight: 0, mostInFlight: 0, accepted: 0, refused: 0 };
		const send = async () => {
			stats.inFlight++;
			stats.mostInFlight = Math.max(stats.mostInFlight, stats.inFlight);
			const refused = stats.inFlight - stats.refusedNow > maxInFlight;
			try {
				if (refused) {
					stats.refused++;
					return { statusCode: 429 };
				}
				stats.accepted++;
				await new Promise((resolve) => setTimeout(resolve, ms));
				return { statusCode: 200 };
			} finally {
				stats.inFlight--;
			}
		};
		stats.refusedNow = 0;
		return { stats, send };
	}

	async function runAll(limiter, srv, n) {
		const answers = [];
		const one = async () => {
			for (;;) {
				const answer = await limiter.run(srv.send, (a) => (a.statusCode === 429 ? 0 : undefined));
				if (answer.statusCode !== 429) return answers.push(answer);
			}
		};
		// far more callers than permits, as n8n's pool would with a high Concurrency
		await Promise.all(Array.from({ length: n }, one));
		return answers;
	}

	test('never more in flight than Concurrency, through the first wave and every probe', async () => {
		const srv = server(7);
		const answers = await runAll(createLimiter(12), srv, 1500);
		expect(answers).toHaveLength(1500);
		expect(srv.stats.mostInFlight).toBeLessThanOrEqual(12);
		// first wave: the 5 above the limit; then probes after 100, 400, 1,600… successes
		expect(srv.stats.refused).toBeGreaterThanOrEqual(5);
		expect(srv.stats.refused).toBeLessThanOrEqual(5 + 5);
	});

	/**
	 * Every request waits until the test answers it, so the order is exact. `retryAfterMs` is the
	 * Retry-After of every 429.
	 */
	function byHand(limiter, retryAfterMs) {
		const pending = [];
		const runs = [];
		let acceptAll = false;
		const send = () =>
			acceptAll
				? Promise.resolve({ statusCode: 200 })
				: new Promise((resolve) => pending.push((statusCode) => resolve({ statusCode })));
		const refusedFor = (a) => (a.statusCode === 429 ? retryAfterMs : undefined);
		const settle = () => new Promise((resolve) => setImmediate(resolve));
		const start = async (n) => {
			for (let i = 0; i < n; i++) runs.push(limiter.run(send, refusedFor));
			await settle();
		};
		const answer = async (index, statusCode) => {
			pending.splice(index, 1)[0](statusCode);
			await settle();
		};
		/** Accepts whatever is in flight and whatever is sent from now on; resolves when all ran. */
		const finish = async () => {
			acceptAll = true;
			while (pending.length) await answer(0, 200);
			await Promise.all(runs);
		};
		return { pending, start, answer, finish };
	}

	test('one wave refused while the pool was full lowers the limit once, not down to 1', async () => {
		const { pending, start, answer, finish } = byHand(createLimiter(20), 0);

		// The first wave: 20 sent, the 20th refused, so 19 fit.
		await start(20);
		expect(pending).toHaveLength(20);
		await answer(19, 429);
		// The pool stays full: as each of the 19 is accepted, a waiting request takes its place, so
		// each of the next 19 was sent with 18 others in flight (as in any long run at the limit).
		await start(19);
		for (let i = 0; i < 19; i++) await answer(0, 200);
		expect(pending).toHaveLength(19);
		// A second wave (a limit per second refusing whatever is in flight): all 19 refused.
		for (let i = 0; i < 19; i++) await answer(0, 429);

		// One step down (19 - 19/8 = 17), not one step per refused request (down to 1, and with no
		// 429 left to undo it, the rest of the run one request at a time).
		await start(40);
		expect(pending).toHaveLength(17);
		await finish();
	});

	test('a first wave after Briqpay took Concurrency in flight again and again is a limit per second: the in-flight limit stays', async () => {
		const { pending, start, answer, finish } = byHand(createLimiter(20), 30);
		// 20 in flight, and as each is accepted a waiting request takes its place, twice over:
		// Briqpay has taken 21 requests sent with 19 others in flight when the third lot is refused.
		await start(60);
		for (let i = 0; i < 40; i++) await answer(0, 200);
		expect(pending).toHaveLength(20);
		for (let i = 0; i < 20; i++) await answer(0, 429);

		// After the Retry-After (30 ms) and spaced to the rate learned (20 in 30 ms), 20 in flight
		// again: a limit on requests in flight would have been 19 (the 20th refused with 19 ahead).
		await start(40);
		for (let waited = 0; pending.length < 20 && waited < 2000; waited += 10) {
			await new Promise((resolve) => setTimeout(resolve, 10));
		}
		expect(pending).toHaveLength(20);
		await finish();
	});

	test('the rate of a limit per second counts the requests of its window answered after the 429', async () => {
		const sentAt = [];
		const limiter = createLimiter(20);
		const { pending, start, answer, finish } = byHand(
			{
				run: (send, refusedFor) => limiter.run(() => (sentAt.push(Date.now()), send()), refusedFor),
			},
			1000,
		);
		// Briqpay takes 20 in flight twice over (40 accepted), then refuses the 60th request while
		// 19 are still in flight; those 19 are accepted after the 429: 59 fit in a second.
		await start(60);
		for (let i = 0; i < 40; i++) await answer(0, 200);
		await answer(19, 429);
		for (let i = 0; i < 19; i++) await answer(0, 200);

		// After the Retry-After, 30 requests spaced 1,020 / 59 ≈ 17.3 ms apart: the 30th about
		// 500 ms after the first (counting only the 40 answered before the 429: 25.5 ms, 740 ms).
		sentAt.length = 0;
		await start(30);
		await finish();
		const span = Math.max(...sentAt) - Math.min(...sentAt);
		expect(span).toBeGreaterThanOrEqual(29 * 17);
		expect(span).toBeLessThan(29 * 23);
	});

	test('a limit per second is learned from the last Retry-After, after a minute of requests', async () => {
		// A clock that runs 20 ms ahead per accepted request: 3,000 accepted over a minute, so the
		// memory of send times (30 s) has been trimmed many times; 50 fell in the last second.
		let offset = 0;
		const realNow = Date.now.bind(Date);
		const now = jest.spyOn(Date, 'now').mockImplementation(() => realNow() + offset);
		try {
			const limiter = createLimiter(5);
			const sentAt = [];
			const send = async (statusCode) => {
				sentAt.push(Date.now());
				return { statusCode };
			};
			const refusedFor = (a) => (a.statusCode === 429 ? 1000 : undefined);
			for (let i = 0; i < 3000; i++) {
				offset += 20;
				await limiter.run(() => send(200), refusedFor);
			}
			// Refused alone, Retry-After 1 s: 50 fit in a second, so sends are spaced 1,020 / 50 ms.
			await limiter.run(() => send(429), refusedFor);
			offset += 1000;
			sentAt.length = 0;
			const from = Date.now();
			await Promise.all(Array.from({ length: 10 }, () => limiter.run(() => send(200), refusedFor)));
			// each takes its place in the schedule, 20.4 ms after the one before: the 10th is sent
			// at least 9 × 20.4 ms after the first could go
			const last = Math.max(...sentAt) - from;
			expect(last).toBeGreaterThanOrEqual(183);
			// a memory that lost most of the last second would space them hundreds of ms apart
			expect(last).toBeLessThan(900);
		} finally {
			now.mockRestore();
		}
	});

	test('no probe near the end: fewer requests to come than the successes a probe waits for', async () => {
		const probed = async (left) => {
			const srv = server(7);
			await runAll(
				createLimiter(12, () => left(srv)),
				srv,
				150,
			);
			return srv.stats.refused;
		};
		// the first wave (the 5 above 7), then a probe after 100 successes, refused
		expect(await probed(() => Infinity)).toBe(6);
		// at the 100th success only 50 are still to come: no probe, nothing waits at the end
		expect(await probed((srv) => 150 - srv.stats.accepted)).toBe(5);
	});

	test('without 429s the limit stays at Concurrency', async () => {
		const srv = server(100);
		await runAll(createLimiter(9), srv, 300);
		expect(srv.stats.refused).toBe(0);
		expect(srv.stats.mostInFlight).toBe(9);
	});
});
