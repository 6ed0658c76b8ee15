import type { IDataObject, IWebhookFunctions, IWebhookResponseData } from 'n8n-workflow';

/**
 * What a stage of the pipeline answers when the call ends there: an HTTP status and a short body.
 * Answers never echo the session or workflow data.
 */
export class Answer {
	constructor(
		readonly statusCode: number,
		readonly body: IDataObject,
	) {}

	/** Sends it; n8n starts nothing. */
	send(ctx: IWebhookFunctions): IWebhookResponseData {
		ctx.getResponseObject().status(this.statusCode).json(this.body);
		return { noWebhookResponse: true };
	}
}

/** Taken and deliberately not emitted (not chosen, dropped, filtered): Briqpay stops delivering. */
export const RECEIVED = new Answer(200, { received: true });

/** Already emitted within the deduplication window. */
export const DUPLICATE = new Answer(200, { received: true, duplicate: true });

/** The HTTP status of a failed Briqpay call, if it has one. */
export function httpCodeOf(error: unknown): number | undefined {
	const code = Number((error as { httpCode?: unknown })?.httpCode);
	return Number.isFinite(code) && code > 0 ? code : undefined;
}

/** 503 (Briqpay delivers again), with a log line that says what to fix. */
export function couldNotCheck(ctx: IWebhookFunctions, what: string, error: unknown): Answer {
	const reason = (error as Error).message;
	if (httpCodeOf(error) === 403) {
		ctx.logger.error(
			`Briqpay Trigger could not check an incoming ${what}: ${reason}. Fix the Briqpay API credential of the trigger (Playground and Production keys differ); the event was answered 503, so Briqpay delivers it again.`,
		);
	} else {
		ctx.logger.warn(
			`Briqpay Trigger could not check an incoming ${what} (${reason}); answered 503 so Briqpay delivers it again.`,
		);
	}
	return new Answer(503, { error: 'Could not verify the event now; deliver it again later' });
}
