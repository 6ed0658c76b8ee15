import { sleep } from 'n8n-workflow';
import type { IDataObject, IWebhookFunctions } from 'n8n-workflow';

import { isPlainObject } from '../shared/guards';

/**
 * The trigger's one deduplicator: which event keys already started an execution.
 *
 * Two places hold the keys, and they are kept as one set:
 * - this process's memory, per trigger node (module scope, so it outlives a single hook), and
 * - the node's workflow static data (`eventKeys`: key → time accepted, ms), which survives restarts.
 *
 * How n8n treats static data decides the design. n8n loads it at the start of every webhook call
 * and saves it whole after the call, only when `webhook()` changed it, and the last save wins,
 * also between concurrent calls in one process. n8n (2.x) saves it just before it answers the
 * caller, and only after it has created the execution; if that fails it answers 5xx and saves
 * nothing. So:
 * - every write holds every key this process knows (memory ∪ what the call loaded), and writes of
 *   one trigger node are serialised (the next one waits until n8n has answered the previous
 *   call), so the last save holds them all;
 * - a key counts as accepted only once n8n has answered 2xx for the call that emitted it: a 5xx
 *   or a dropped connection means the execution may not have started, so Briqpay's redelivery is
 *   emitted again (remembered here as `retry`, so the static data cannot swallow it either);
 * - copies of one event wait for the earlier copy's outcome instead of starting a second run
 *   (answered 503 after OUTCOME_WAIT_MS; an earlier copy stuck for STUCK_MS no longer blocks);
 * - a duplicate or a dropped claim changes nothing, so n8n writes nothing, except that a duplicate
 *   writes accepted keys the stored data lacks (n8n 2.40+ does not save what an emitting call
 *   wrote; see persistAccepted).
 * Bounded: keys older than the window are dropped, and at most MAX_EVENT_KEYS (newest) are kept.
 */

/** At most this many keys per trigger node, in memory and in static data (about 250 KB). */
export const MAX_EVENT_KEYS = 2000;

/** How long a copy waits for an earlier copy of the same event before answering "retry later". */
const OUTCOME_WAIT_MS = 20_000;

/** An earlier copy unresolved for this long is taken as stuck: the next copy is handled itself. */
const STUCK_MS = 120_000;

/** How long an emit waits for n8n to answer the previous emit of the same trigger node. */
const WRITE_WAIT_MS = 10_000;

interface TriggerKeys {
	/** Keys whose execution n8n started (answered 2xx), with the time they were accepted. */
	accepted: Map<string, number>;
	/** Keys emitted here whose start is not known to have succeeded: emit them again. */
	retry: Map<string, number>;
	/** Copies being handled right now, by the key of their claim: settled when done, and since when. */
	handling: Map<string, { done: Promise<void>; since: number }>;
	/** Settles when n8n has answered the latest emit of this trigger node. */
	lastWrite: Promise<void>;
}

const triggers = new Map<string, TriggerKeys>();

/** Whether `promise` settled within `ms` (false: it is still pending). */
async function within(promise: Promise<void>, ms: number): Promise<boolean> {
	const stop = new AbortController();
	const timer = sleep(ms, stop.signal).then(
		() => false,
		() => false,
	);
	try {
		return await Promise.race([promise.then(() => true), timer]);
	} finally {
		stop.abort();
	}
}

/** Keys as version 0.1 stored them (`seen`: `sid|event|status|captureId|refundId|c or u`). */
function fromLegacy(seen: unknown): Record<string, number> {
	const keys: Record<string, number> = {};
	if (typeof seen !== 'object' || seen === null) return keys;
	for (const [old, at] of Object.entries(seen as Record<string, unknown>)) {
		const [sessionId, event, status, captureId, refundId, confirmed] = old.split('|');
		if (!sessionId || !event || !status || typeof at !== 'number') continue;
		const id = captureId || refundId;
		keys[
			`${sessionId}:${event}:${status}${id ? `:${id}` : ''}${confirmed === 'u' ? ':unconfirmed' : ''}`
		] = at;
	}
	return keys;
}

function storedKeys(node: IDataObject): Record<string, number> {
	const keys = fromLegacy(node.seen);
	const stored = node.eventKeys;
	if (isPlainObject(stored)) {
		for (const [key, at] of Object.entries(stored)) if (typeof at === 'number') keys[key] = at;
	}
	return keys;
}

/** The settled outcome of an emit: n8n answered 2xx (the execution started), or not. */
function watchAnswer(
	response: { once?: (event: string, listener: () => void) => unknown; statusCode?: number },
	settle: (started: boolean) => void,
): void {
	if (typeof response.once !== 'function') {
		settle(true);
		return;
	}
	let settled = false;
	const once = (started: boolean) => {
		if (settled) return;
		settled = true;
		settle(started);
	};
	const code = () => Number(response.statusCode);
	response.once('finish', () => once(code() >= 200 && code() < 300));
	response.once('close', () => once(false));
}

export class Deduplicator {
	private held?: { key: string; release: () => void };

	private handedOver = false;

	/** This copy waited for an earlier one, so the static data it loaded predates that one's save. */
	private waited = false;

	private constructor(
		private readonly ctx: IWebhookFunctions,
		private readonly keys: TriggerKeys,
		private readonly windowMs: number,
	) {}

	/** The deduplicator of this trigger node (test URL calls are kept apart from production). */
	static of(ctx: IWebhookFunctions, windowMs: number): Deduplicator {
		const scope = `${ctx.getWorkflow().id ?? ''}|${ctx.getNode().id}|${ctx.getMode() === 'manual' ? 'test' : 'live'}`;
		let keys = triggers.get(scope);
		if (!keys) {
			keys = {
				accepted: new Map(),
				retry: new Map(),
				handling: new Map(),
				lastWrite: Promise.resolve(),
			};
			triggers.set(scope, keys);
		}
		return new Deduplicator(ctx, keys, windowMs);
	}

	get enabled(): boolean {
		return this.windowMs > 0;
	}

	/**
	 * Waits until no earlier copy of this claim is being handled, then holds it until `release()`
	 * (or, after `accept()`, until n8n has answered). False: an earlier copy is still unresolved
	 * after a long wait, so the caller should answer "deliver again later".
	 */
	async hold(claimKey: string): Promise<boolean> {
		if (!this.enabled) return true;
		for (;;) {
			const earlier = this.keys.handling.get(claimKey);
			if (earlier === undefined || Date.now() - earlier.since > STUCK_MS) break;
			this.waited = true;
			if (!(await within(earlier.done, OUTCOME_WAIT_MS))) return false;
		}
		let resolve: () => void = () => {};
		const mine = { done: new Promise<void>((done) => (resolve = done)), since: Date.now() };
		this.keys.handling.set(claimKey, mine);
		this.held = {
			key: claimKey,
			release: () => {
				if (this.keys.handling.get(claimKey) === mine) this.keys.handling.delete(claimKey);
				resolve();
			},
		};
		return true;
	}

	/** Whether this key already started an execution within the window. Changes nothing. */
	has(eventKey: string, now = Date.now()): boolean {
		if (!this.enabled) return false;
		const inMemory = this.keys.accepted.get(eventKey);
		if (inMemory !== undefined && now - inMemory <= this.windowMs) return true;
		const retry = this.keys.retry.get(eventKey);
		if (retry !== undefined && now - retry <= this.windowMs) return false;
		const stored = storedKeys(this.ctx.getWorkflowStaticData('node'))[eventKey];
		return stored !== undefined && now - stored <= this.windowMs;
	}

	/**
	 * Records an emitted key: waits for the previous emit of this trigger node to be answered, then
	 * writes every key known here into the static data n8n saves for this call. The key counts as
	 * accepted once n8n answers this call 2xx.
	 */
	async accept(eventKey: string): Promise<void> {
		if (!this.enabled) return;
		const previous = this.keys.lastWrite;
		let written: () => void = () => {};
		this.keys.lastWrite = new Promise<void>((done) => (written = done));
		await within(previous, WRITE_WAIT_MS);

		const now = Date.now();
		this.write(eventKey, now);
		const held = this.held;
		this.handedOver = true;
		watchAnswer(this.ctx.getResponseObject(), (started) => {
			if (started) {
				this.keys.accepted.set(eventKey, now);
				this.keys.retry.delete(eventKey);
			} else {
				this.keys.accepted.delete(eventKey);
				this.keys.retry.set(eventKey, now);
				this.prune(this.keys.retry, now);
			}
			written();
			held?.release();
		});
	}

	/**
	 * For a duplicate: n8n 2.40 and newer drop the static data a hook changed when that hook starts
	 * an execution (their workflow runner re-wraps the same static-data object, which clears its
	 * "changed" flag before the save). A call that starts nothing is saved. So a duplicate writes the
	 * keys this process accepted that the stored data lacks; when nothing is missing (always on n8n
	 * 1.x and on 2.x before 2.40, and after the first duplicate) it changes nothing. A copy that
	 * waited for an earlier copy loaded its static data before that one was saved: it writes nothing.
	 */
	persistAccepted(now = Date.now()): void {
		if (!this.enabled || this.waited) return;
		const stored = storedKeys(this.ctx.getWorkflowStaticData('node'));
		for (const [key, at] of this.keys.accepted) {
			if (now - at <= this.windowMs && stored[key] === undefined) {
				this.write(undefined, now);
				return;
			}
		}
	}

	/** Ends the hold of a copy that emitted nothing. */
	release(): void {
		if (!this.handedOver) this.held?.release();
	}

	private write(eventKey: string | undefined, now: number): void {
		const node = this.ctx.getWorkflowStaticData('node');
		this.prune(this.keys.retry, now);
		const known = new Map<string, number>();
		for (const [key, at] of Object.entries(storedKeys(node))) {
			if (!this.keys.retry.has(key)) known.set(key, at);
		}
		for (const [key, at] of this.keys.accepted) known.set(key, Math.max(known.get(key) ?? 0, at));
		this.prune(known, now);
		this.keys.accepted = new Map(known);
		if (eventKey !== undefined) {
			known.set(eventKey, now);
			this.prune(known, now);
		}
		node.eventKeys = Object.fromEntries(known);
		if (node.seen !== undefined) delete node.seen;
	}

	/** Drops keys older than the window, then the oldest beyond MAX_EVENT_KEYS. */
	private prune(keys: Map<string, number>, now: number): void {
		for (const [key, at] of keys) if (now - at > this.windowMs) keys.delete(key);
		if (keys.size <= MAX_EVENT_KEYS) return;
		const oldest = [...keys].sort((a, b) => a[1] - b[1]).slice(0, keys.size - MAX_EVENT_KEYS);
		for (const [key] of oldest) keys.delete(key);
	}
}
