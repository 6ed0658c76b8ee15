/**
 * Bounded concurrency for the per-item loop, and per-key locks so that concurrency never weakens
 * money safety: charges of one token, and order changes of one session, run one after the other.
 */

/**
 * Runs `worker(index)` for 0..count-1 with at most `limit` running at once; results keep input order.
 * When a worker throws, no further index is started; the ones already running finish, then the first
 * error is thrown.
 */
export async function mapConcurrently<T>(
	count: number,
	limit: number,
	worker: (index: number) => Promise<T>,
): Promise<T[]> {
	const results = new Array<T>(count);
	let next = 0;
	let failure: { error: unknown } | undefined;
	const lanes = Math.max(1, Math.min(Math.floor(limit) || 1, count));
	const lane = async () => {
		while (next < count && !failure) {
			const index = next++;
			try {
				results[index] = await worker(index);
			} catch (error) {
				failure = failure ?? { error };
			}
		}
	};
	await Promise.all(Array.from({ length: lanes }, lane));
	if (failure) throw failure.error;
	return results;
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
