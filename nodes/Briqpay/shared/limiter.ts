import { sleep } from 'n8n-workflow';

/**
 * How many requests of one execution are in flight at once, learned from Briqpay's 429 answers.
 *
 * - Never more than `max` (the node's Concurrency setting).
 * - The first wave of 429s teaches the limit: a request sent before the first 429 and refused
 *   while `ahead` others of ours were in flight says at most `ahead` fit, and the limit becomes
 *   the smallest such count (20 sent at once against "10 in flight": 10). Unless Briqpay had
 *   already accepted as many in flight, Concurrency times or more: then the wave is about a limit
 *   per time (below).
 * - A later 429 with at least half that many in flight lowers the limit by an eighth (n8n's own
 *   work makes our count of requests in flight higher than Briqpay's, so a few steps may follow),
 *   once per wave: only a request sent after the last step can show that step was not enough.
 * - A 429 with fewer in flight, or alone, is about a limit per time (or other clients). The
 *   requests accepted during the last Retry-After fill it, so nobody is sent until the first of
 *   them leaves it, a Retry-After after its answer came (with none, a Retry-After from now), at
 *   the limit the wave taught. The first such 429 also teaches a rate: the requests sent in that
 *   Retry-After and accepted (answers still to come included) fit in one, so from then on sends
 *   are spaced to that rate, 2 % slower and 5 % more after each 429 at it, each request taking
 *   its place in the schedule before it waits.
 * - Probing upward is rare: one more request in flight after a long run of successes, and the run
 *   needed grows fourfold after every refused probe. A refused probe costs one request a
 *   Retry-After, which near the end of a run is the run's last second, so there is no probe
 *   unless at least that run of requests is still to come.
 *
 * It only decides when a request may go; whether a refused request is sent again is the caller's
 * business (Briqpay did not act on a 429, so even a POST may be). The caller waits out the whole
 * Retry-After before sending it again, without holding its item's place (ItemPool).
 */
export interface Limiter {
	/**
	 * Sends once allowed. `refusedFor` reads the answer: undefined when Briqpay accepted it, else
	 * the Retry-After of its 429 in ms (0 when none was given).
	 */
	run<T>(send: () => Promise<T>, refusedFor: (answer: T) => number | undefined): Promise<T>;
}

/** How far back accepted requests are remembered, to learn a limit per time (Retry-After's cap). */
const RATE_MEMORY_MS = 30_000;

/** Successes in a row before the first probe; four times more after each refused probe. */
const FIRST_PROBE_AFTER = 100;

interface Ticket {
	sentAt: number;
	/** Requests of ours already in flight when this one was sent. */
	ahead: number;
	/** Whether it was sent before Briqpay's first 429 (it belongs to the wave that teaches). */
	beforeLesson: boolean;
	/** Whether it was sent above the settled limit, in a slot a probe added. */
	probe: boolean;
	/** How many times the limit had been lowered when it was sent. */
	lowered: number;
}

/** `left` tells how much work is still to come (requests not asked for yet, at least). */
export function createLimiter(max: number, left: () => number = () => Infinity): Limiter {
	return new AdaptiveLimiter(Math.max(1, Math.floor(max)), left);
}

class AdaptiveLimiter implements Limiter {
	private limit: number;

	private inFlight = 0;

	/** Whether a first wave of 429s has taught the limit. */
	private learned = false;

	/** What the first wave taught: 429s far below it are not about requests in flight. */
	private taught: number;

	/** The limit without the slot a probe added: a 429 above it is a refused probe. */
	private settled: number;

	private successesInRow = 0;

	/** Before the first wave: how many requests Briqpay accepted, by how many were ahead of them. */
	private readonly acceptedByAhead: number[];

	/** How many times a 429 lowered the limit after the first wave (see Ticket.lowered). */
	private lowered = 0;

	private probeAfter = FIRST_PROBE_AFTER;

	/** No request is sent before this time (ms since the epoch): a Retry-After to respect. */
	private closedUntil = 0;

	/**
	 * A limit per time, learned from the first 429 about one: `count` requests sent in the
	 * Retry-After (`per` ms) before `to` were accepted (answers that come later still count).
	 */
	private rate?: { to: number; per: number; count: number };

	/** How much slower than the learned rate sends go: 2 %, and 5 % more after each 429 at it. */
	private slowdown = 1.02;

	private nextSendAt = 0;

	/** Accepted requests: when each was sent and when its answer came (in answer order). */
	private acceptedSent: number[] = [];

	private acceptedAnswered: number[] = [];

	/** Index of the first of them answered within RATE_MEMORY_MS; those before are forgotten. */
	private oldest = 0;

	private readonly waiting: Array<() => void> = [];

	constructor(
		private readonly max: number,
		private readonly left: () => number,
	) {
		this.limit = max;
		this.taught = max;
		this.settled = max;
		this.acceptedByAhead = new Array<number>(max).fill(0);
	}

	async run<T>(send: () => Promise<T>, refusedFor: (answer: T) => number | undefined) {
		const ticket = await this.acquire();
		let refusedWait: number | undefined;
		let answered = false;
		try {
			const answer = await send();
			answered = true;
			refusedWait = refusedFor(answer);
			return answer;
		} finally {
			// The verdict is applied before the permit is given back, so a waiting request sees the
			// lowered limit instead of taking the place of the one just refused.
			if (refusedWait !== undefined) this.refused(ticket, refusedWait);
			else if (answered) this.accepted(ticket);
			this.inFlight--;
			this.wakeUp();
		}
	}

	private async acquire(): Promise<Ticket> {
		// When sends are spaced, each request takes its place in the schedule before it waits, so
		// a wait that oversleeps does not push back the requests after it.
		let place = 0;
		for (;;) {
			const now = Date.now();
			if (this.closedUntil > now) {
				place = 0;
				await sleep(this.closedUntil - now);
				continue;
			}
			const spacing = this.spacing();
			if (spacing > 0 && place === 0) {
				place = Math.max(now, this.nextSendAt);
				this.nextSendAt = place + spacing;
			}
			if (place > now) await sleep(place - now);
			else if (this.inFlight < this.limit) break;
			else await new Promise<void>((resolve) => this.waiting.push(resolve));
		}
		const sentAt = Date.now();
		const ticket = {
			sentAt,
			ahead: this.inFlight,
			beforeLesson: !this.learned,
			probe: this.inFlight >= this.settled,
			lowered: this.lowered,
		};
		this.inFlight++;
		return ticket;
	}

	private wakeUp(): void {
		let free = this.limit - this.inFlight;
		while (free-- > 0 && this.waiting.length) this.waiting.shift()?.();
	}

	private lowerTo(limit: number): void {
		this.limit = Math.max(1, Math.min(this.limit, limit));
		this.settled = this.limit;
	}

	private refused(ticket: Ticket, retryAfterMs: number): void {
		this.successesInRow = 0;
		if (ticket.probe) {
			// A refused probe: back to the settled limit, and probe a quarter as often.
			this.limit = Math.min(this.limit, this.settled);
			this.probeAfter *= 4;
			return;
		}
		if (ticket.ahead > 0 && ticket.beforeLesson && !this.tookAsMany(ticket.ahead)) {
			// The first wave: the limit is at most what was in flight with a refused request
			// (20 sent at once, the 11th to the 20th refused: 10).
			this.learned = true;
			this.lowerTo(ticket.ahead);
			this.taught = this.limit;
			return;
		}
		// Otherwise a first wave is about a limit per time (below): Briqpay had taken as many in
		// flight again and again.
		this.learned = true;
		if (!ticket.beforeLesson && ticket.ahead > 0 && ticket.ahead * 2 >= this.taught) {
			// Still too many in flight (n8n's own work makes our count higher than Briqpay's): lower,
			// by an eighth, so that a few 429s find the limit. Once per wave: the other 429s to
			// requests sent before that step say nothing about the lowered limit (without this, one
			// wave refused under a limit per second took the limit down to 1 for the rest of the run).
			if (ticket.lowered !== this.lowered) return;
			this.lowered++;
			this.lowerTo(Math.min(ticket.ahead, this.limit - Math.max(1, Math.floor(this.limit / 8))));
			return;
		}
		// A limit on requests per time: the requests accepted during the last Retry-After fill it.
		const now = Date.now();
		if (!this.rate && retryAfterMs > 0) {
			// Learned once: as many as were sent during the last Retry-After and accepted fit in
			// one, so from now on sends are spaced to that rate.
			const from = now - retryAfterMs;
			let count = 0;
			for (let i = this.oldest; i < this.acceptedSent.length; i++) {
				if (this.acceptedSent[i] > from) count++;
			}
			this.rate = { to: now, per: retryAfterMs, count };
		} else if (this.rate && ticket.sentAt >= this.rate.to) {
			// Refused at the learned rate (answers arrive unevenly): 5 % slower.
			this.slowdown *= 1.05;
		}
		// The first of them leaves that window a Retry-After after it reached Briqpay, which was
		// before its answer came: nobody is sent before (with none accepted, a whole Retry-After).
		let firstAnswer = now;
		for (let i = this.acceptedAnswered.length - 1; i >= this.oldest; i--) {
			if (this.acceptedAnswered[i] <= now - retryAfterMs) break;
			firstAnswer = this.acceptedAnswered[i];
		}
		this.closedUntil = Math.max(this.closedUntil, firstAnswer + retryAfterMs);
		this.limit = Math.max(this.limit, this.taught);
		this.settled = this.limit;
	}

	/** Least time between two sends (ms), once a limit per time is learned; 0 before. */
	private spacing(): number {
		return this.rate && this.rate.count > 0 ? (this.rate.per * this.slowdown) / this.rate.count : 0;
	}

	/**
	 * Whether Briqpay accepted requests sent with `ahead` or more of ours in flight, Concurrency
	 * times or more: then a 429 with that many in flight is not about requests in flight (n8n
	 * starts items one by one, so a run may take a while to fill its Concurrency).
	 */
	private tookAsMany(ahead: number): boolean {
		let accepted = 0;
		for (let k = ahead; k < this.max; k++) accepted += this.acceptedByAhead[k];
		return accepted >= this.max;
	}

	private accepted(ticket: Ticket): void {
		if (!this.learned) this.acceptedByAhead[ticket.ahead]++;
		const now = Date.now();
		this.acceptedSent.push(ticket.sentAt);
		this.acceptedAnswered.push(now);
		const rate = this.rate;
		if (rate && ticket.sentAt > rate.to - rate.per && ticket.sentAt <= rate.to) {
			// Sent during the window the rate was learned from, answered after: it counts too.
			rate.count++;
		}
		const forget = now - RATE_MEMORY_MS;
		while (
			this.oldest < this.acceptedAnswered.length &&
			this.acceptedAnswered[this.oldest] < forget
		) {
			this.oldest++;
		}
		if (this.oldest > 1024 && this.oldest * 2 > this.acceptedAnswered.length) {
			// Dropped in bulk, not one shift() per request (up to 6,000 remembered at 200 per second).
			this.acceptedSent = this.acceptedSent.slice(this.oldest);
			this.acceptedAnswered = this.acceptedAnswered.slice(this.oldest);
			this.oldest = 0;
		}
		if (ticket.probe) this.settled = Math.max(this.settled, ticket.ahead + 1);
		if (this.limit >= this.max) return;
		// No probe near the end of the work: a refused one would keep its request waiting a
		// Retry-After after everything else is done, for a gain there is no work left to use.
		if (++this.successesInRow >= this.probeAfter && this.left() >= this.probeAfter) {
			this.successesInRow = 0;
			this.limit++;
			this.wakeUp();
		}
	}
}
