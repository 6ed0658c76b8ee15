import { NodeApiError } from 'n8n-workflow';
import type { IDataObject, IExecuteFunctions, JsonObject } from 'n8n-workflow';

import { isAmbiguous } from './errors';
import { asNodeError } from './itemErrors';
import type { BriqpayAnswer, BriqpayCall, BriqpayClient } from './transport';

/**
 * Money-moving calls (charge, capture, refund, cancel) are sent once, and again only after a 429
 * (Briqpay did not act; see retryPolicy.ts). When the answer is lost (network error, timeout, 5xx
 * to a POST) Briqpay may still have done the work, so instead of retrying
 * we read the state back: if the work is there, we report it (marked `reconciled: true`); if we
 * cannot tell, we fail with a message that says the outcome is unknown and what to check.
 */

type MoneyOutcome = { answer: BriqpayAnswer; reconciled?: undefined } | { reconciled: IDataObject };

interface MoneyCall {
	call: BriqpayCall;
	/** e.g. "capture", "refund", "charge" — used in messages. */
	what: string;
	/** Reads state after an ambiguous failure; returns what it found, or undefined. */
	reconcile: () => Promise<IDataObject | undefined>;
	/** What the user should check before trying again. */
	whatToCheck: string;
}

export async function sendMoneyCall(
	ctx: IExecuteFunctions,
	client: BriqpayClient,
	itemIndex: number,
	money: MoneyCall,
): Promise<MoneyOutcome> {
	let failure: unknown;
	try {
		return { answer: await client.call(money.call, itemIndex) };
	} catch (error) {
		if (!isAmbiguous(error)) throw asNodeError(ctx.getNode(), error, itemIndex);
		failure = error;
	}

	let found: IDataObject | undefined;
	let readProblem: string | undefined;
	try {
		found = await money.reconcile();
	} catch (error) {
		readProblem = (error as Error).message;
	}
	if (found) {
		ctx.logger.info(
			`Briqpay ${money.what}: the answer was lost (${(failure as Error).message}), but reading the state back shows it went through.`,
		);
		return { reconciled: { ...found, reconciled: true } };
	}
	const state = readProblem
		? `Reading the state back failed too (${readProblem}).`
		: `Reading the state back does not show the ${money.what} (yet).`;
	throw new NodeApiError(ctx.getNode(), { outcome: 'unknown' } as JsonObject, {
		message: `The outcome of the ${money.what} is unknown`,
		description: `${(failure as Error).message}. ${state} It was not sent again, because it may have moved money. ${money.whatToCheck} Run it again only if it did not happen.`,
		itemIndex,
	});
}
