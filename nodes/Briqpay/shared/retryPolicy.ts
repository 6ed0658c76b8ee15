/**
 * The one retry policy: whether a call that failed may be sent again, and whether its failure
 * leaves the outcome unknown. docs/briqpay-api.md ("Retries"): GET and PATCH are safe to repeat;
 * a POST or DELETE may move money, so after a lost answer it is reconciled by reading state, never
 * re-sent. A 429 means Briqpay did not act, so any call may be sent again.
 */

export type Failure = 'rateLimited' | 'serverError' | 'network';

/** Methods whose repetition changes nothing more than the first call did. */
export function isRepeatable(method: string): boolean {
	return method === 'GET' || method === 'PATCH' || method === 'HEAD';
}

/** Whether a call with this method may be sent again after this kind of failure. */
export function maySendAgain(method: string, failure: Failure): boolean {
	return failure === 'rateLimited' || isRepeatable(method);
}

/** Whether Briqpay may have acted although the call failed this way (so the caller must reconcile). */
export function outcomeUnknown(method: string, failure: Failure): boolean {
	return failure !== 'rateLimited' && !isRepeatable(method);
}
