import { sleep } from 'n8n-workflow';

/**
 * How many requests of one execution are in flight at once, learned from Briqpay's 429 answers.
 *
 * - Never more than `max` (the node's Concurrency setting).
 * - The first wave of 429s teaches the limit: a request sent before the first 429 and refused
 *   while `ahead` others of ours were in flight says at most `ahead` fit, and the limit becomes
 *   the smallest such count (20 sent at once against "10 in flight": 10).
 * - A later 429 with at least half that many in flight lowers the limit by an eighth (n8n's own
 *   work makes our count of requests in flight higher than Briqpay's, so a few steps may follow).
 * - A 429 with fewer in flight, or alone, is not about requests in flight (a limit per second, or
 *   other clients): nobody is sent until its Retry-After has passed, at the limit the wave taught.
 * - Probing upward is rare: one more request in flight after a long run of successes, and the run
 *   needed grows fourfold after every refused probe (a refused probe costs one request a
 *   Retry-After, which near the end of a run is the run's last second).
 *
 * It only decides when a request may go; whether a refused request is sent again is the caller's
 * business (Briqpay did not act on a 429, so even a POST may be).
 */
export interface Limiter {
	/**
	 * Sends once allowed. `refusedFor` reads the answer: undefined when Briqpay accepted it, else
	 * the Retry-After of its 429 in ms (0 when none was given).
	 */
	run<T>(send: () => Promise<T>, refusedFor: (answer: T) => number | undefined): Promise<T>;
}

/** Successes in a row before the first probe; four times more after each refused probe. */
const FIRST_PROBE_AFTER = 100;

interface Ticket {
	/** Requests of ours already in flight when this one was sent. */
	ahead: number;
	/** Whether it was sent before Briqpay's first 429 (it belongs to the wave that teaches). */
	beforeLesson: boolean;
	/** Whether it was sent above the settled limit, in a slot a probe added. */
	probe: boolean;
}

export function createLimiter(max: number): Limiter {
	return new AdaptiveLimiter(Math.max(1, Math.floor(max)));
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

	private probeAfter = FIRST_PROBE_AFTER;

	/** No request is sent before this time (ms since the epoch): a Retry-After to respect. */
	private closedUntil = 0;

	private readonly waiting: Array<() => void> = [];

	constructor(private readonly max: number) {
		this.limit = max;
		this.taught = max;
		this.settled = max;
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
		for (;;) {
			const closed = this.closedUntil - Date.now();
			if (closed > 0) await sleep(closed);
			else if (this.inFlight < this.limit) break;
			else await new Promise<void>((resolve) => this.waiting.push(resolve));
		}
		const ticket = {
			ahead: this.inFlight,
			beforeLesson: !this.learned,
			probe: this.inFlight >= this.settled,
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
		if (ticket.ahead > 0 && ticket.beforeLesson) {
			// The first wave: the limit is at most what was in flight with a refused request
			// (20 sent at once, the 11th to the 20th refused: 10).
			this.learned = true;
			this.lowerTo(ticket.ahead);
			this.taught = this.limit;
			return;
		}
		if (ticket.ahead > 0 && ticket.ahead * 2 >= this.taught) {
			// Still too many in flight (n8n's own work makes our count higher than Briqpay's): lower,
			// by an eighth, so that a few 429s find the limit.
			this.lowerTo(Math.min(ticket.ahead, this.limit - Math.max(1, Math.floor(this.limit / 8))));
			return;
		}
		// Refused alone, or with far fewer in flight than the first wave allowed: a limit on
		// requests per time, not in flight. Nobody is sent before its Retry-After, at the taught limit.
		this.closedUntil = Math.max(this.closedUntil, Date.now() + retryAfterMs);
		this.limit = Math.max(this.limit, this.taught);
		this.settled = this.limit;
	}

	private accepted(ticket: Ticket): void {
		if (ticket.probe) this.settled = Math.max(this.settled, ticket.ahead + 1);
		if (this.limit >= this.max) return;
		if (++this.successesInRow >= this.probeAfter) {
			this.successesInRow = 0;
			this.limit++;
			this.wakeUp();
		}
	}
}
