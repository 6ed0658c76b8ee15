/**
 * Bounded concurrency for the per-item loop, and per-key locks so that concurrency never weakens
 * money safety: charges of one token, and order changes of one session, run one after the other.
 */

/** What a request may ask of the items' pool it runs for (see BriqpayClient). */
export interface ItemSlots {
	/** Runs `wait` without holding the item's place. */
	aside<T>(wait: () => Promise<T>): Promise<T>;
	/** How many items have not started yet. */
	left(): number;
}

/**
 * Runs items at most `limit` at once; results keep input order. An item that waits out a 429's
 * Retry-After steps `aside`: it does not hold its place meanwhile, so another item starts instead
 * of the whole execution standing still (a limit per second refuses every request in flight at
 * once). Requests in flight stay bounded by the limiter (limiter.ts), whatever runs here.
 * When a worker throws, no further index is started; the ones already running finish, then the
 * first error is thrown.
 */
export class ItemPool implements ItemSlots {
	private active = 0;

	private count = 0;

	private next = 0;

	private wake: () => void = () => undefined;

	private readonly limit: number;

	constructor(limit: number) {
		this.limit = Math.max(1, Math.floor(limit) || 1);
	}

	async aside<T>(wait: () => Promise<T>): Promise<T> {
		this.active--;
		this.wake();
		try {
			return await wait();
		} finally {
			this.active++;
		}
	}

	left(): number {
		return this.count - this.next;
	}

	async map<T>(count: number, worker: (index: number) => Promise<T>): Promise<T[]> {
		const results = new Array<T>(count);
		this.count = count;
		this.next = 0;
		let running = 0;
		let failure: { error: unknown } | undefined;
		const start = (index: number) => {
			this.active++;
			running++;
			worker(index)
				.then(
					(result) => (results[index] = result),
					(error: unknown) => (failure = failure ?? { error }),
				)
				.finally(() => {
					this.active--;
					running--;
					this.wake();
				});
		};
		for (;;) {
			while (!failure && this.next < count && this.active < this.limit) start(this.next++);
			if (running === 0) break;
			await new Promise<void>((resolve) => (this.wake = resolve));
		}
		if (failure) throw failure.error;
		return results;
	}
}

/** One queue per key: `run(key, fn)` starts `fn` after every earlier `fn` of the same key has settled. */
export class KeyedLocks {
	private readonly tails = new Map<string, Promise<unknown>>();

	async run<T>(key: string, fn: () => Promise<T>): Promise<T> {
		const before = this.tails.get(key) ?? Promise.resolve();
		const mine = before.then(fn, fn);
		const tail = mine.then(
			() => undefined,
			() => undefined,
		);
		this.tails.set(key, tail);
		try {
			return await mine;
		} finally {
			if (this.tails.get(key) === tail) this.tails.delete(key);
		}
	}
}
