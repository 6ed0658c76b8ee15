import { randomUUID } from 'crypto';
import type { IDataObject } from 'n8n-workflow';

import { assignDefined } from '../../fields/collection';
import { TOKEN_ID } from '../../fields/ids';
import { orderFields, readOrder } from '../../fields/order';
import { referencesField, readReferences } from '../../fields/references';
import {
	readFieldsQuery,
	readSimplify,
	responseOptions,
	sessionOutput,
	simplifyField,
} from '../../fields/response';
import {
	hooksField,
	readHooks,
	readRealTimeConfig,
	realTimeWebhooksOption,
} from '../../fields/webhooks';
import {
	CHARGE_MARKER_KEY,
	CHARGE_REFERENCE_KEY,
	ENDPOINTS,
	MAX_REFERENCE_LENGTH,
} from '../../shared/constants';
import { asObject } from '../../shared/guards';
import { fail } from '../../shared/itemErrors';
import { orderStatusOf } from '../../shared/orderState';
import { shapeSession, simplifySession } from '../../shared/output';
import { sendMoneyCall } from '../../shared/reconcile';
import { readSession } from '../../shared/session';
import type { BriqpayClient } from '../../shared/transport';
import type { Operation } from '../operation';

/** Fields read from earlier charge sessions: enough to recognise them and to output them. */
const CHARGE_FIELDS =
	'sessionId,status,product,customerType,country,references,moduleStatus,data,createdAt';

/** How many of the newest charges of a token are looked at to find a charge whose answer was lost. */
const RECONCILE_LOOKBACK = 10;

/** [ref] GET /v3/token/:id: state, expiry and the charge sessions of a saved payment method. */
async function readToken(
	client: BriqpayClient,
	tokenId: string,
	itemIndex: number,
): Promise<IDataObject> {
	const token = await client.call(
		{ method: 'GET', path: ENDPOINTS.token(tokenId), subject: { kind: 'token', id: tokenId } },
		itemIndex,
	);
	return token.body ?? {};
}

/** The token's charge sessions, newest first (read afresh unless a token read is given). */
async function chargeIdsOf(
	client: BriqpayClient,
	tokenId: string,
	itemIndex: number,
	token?: IDataObject,
): Promise<string[]> {
	const read = token ?? (await readToken(client, tokenId, itemIndex));
	const charges = Array.isArray(read.chargeSessions) ? (read.chargeSessions as IDataObject[]) : [];
	return [...charges]
		.sort((a, b) => String(b.completedAt ?? '').localeCompare(String(a.completedAt ?? '')))
		.map((charge) => String(charge.sessionId ?? ''))
		.filter(Boolean);
}

/**
 * Reads the token's charge sessions, newest first, and returns the first that matches. Each session
 * read is added to `seen` (when given).
 */
async function findCharge(
	client: BriqpayClient,
	tokenId: string,
	itemIndex: number,
	matches: (session: IDataObject) => boolean,
	{
		lookback = Infinity,
		seen,
		token,
	}: { lookback?: number; seen?: Set<string>; token?: IDataObject } = {},
): Promise<IDataObject | undefined> {
	const ids = (await chargeIdsOf(client, tokenId, itemIndex, token)).slice(0, lookback);
	for (const sessionId of ids) {
		const session = await readSession(client, sessionId, itemIndex, CHARGE_FIELDS);
		seen?.add(sessionId);
		if (session && matches(session)) return session;
	}
	return undefined;
}

const referencesOf = (session: IDataObject): IDataObject => asObject(session.references);

/** A charge that counts: this Charge Reference, and not rejected (a pending one may still be approved). */
const liveChargeOf = (chargeReference: string) => (session: IDataObject) =>
	referencesOf(session)[CHARGE_REFERENCE_KEY] === chargeReference &&
	orderStatusOf(session) !== 'order_rejected';

/**
 * [ref] A token whose `state` is not `active`, or [guess] whose `expiryDate` has passed, cannot be
 * charged: Briqpay would refuse. Says why in words, or undefined when the card can be charged.
 * An expiry given as a month (`2026-11`) runs to the end of that month.
 */
function unusableReason(token: IDataObject, now = Date.now()): string | undefined {
	const state = token.state;
	if (typeof state === 'string' && state !== 'active') {
		return `The saved payment method is ${state} (deactivated), so it cannot be charged. Ask the customer to save a new card.`;
	}
	const expiry = typeof token.expiryDate === 'string' ? token.expiryDate.trim() : '';
	const month = /^(\d{4})-(\d{2})$/.exec(expiry);
	const end = month ? Date.UTC(Number(month[1]), Number(month[2]), 1) : Date.parse(expiry);
	if (expiry && Number.isFinite(end) && end < now) {
		return `The saved payment method expired (${expiry}), so it cannot be charged. Ask the customer to save a new card.`;
	}
	return undefined;
}

/** What happened to this charge, in one word: the field recharge summaries count. */
function outcomeOf(session: IDataObject): 'charged' | 'pending' | 'rejected' {
	const status = orderStatusOf(session);
	if (status === 'order_rejected') return 'rejected';
	if (status === 'order_pending') return 'pending';
	return 'charged';
}

/**
 * After a charge: the token's other live charges with the same Charge Reference. The guard reads
 * the token before charging, but Briqpay has no idempotency key, so two runs that overlap can both
 * find nothing and both charge. Reading the token again afterwards always lets the later of two
 * such charges see the earlier one (usually both see each other). Sessions read before the charge
 * (`seen`) did not match then and are not read again.
 */
async function duplicateCheck(
	client: BriqpayClient,
	itemIndex: number,
	charge: { tokenId: string; chargeReference: string; sessionId: string; marker: string },
	seen: Set<string>,
): Promise<IDataObject> {
	const { tokenId, chargeReference } = charge;
	const isLive = liveChargeOf(chargeReference);
	const duplicates: IDataObject[] = [];
	try {
		for (const sessionId of await chargeIdsOf(client, tokenId, itemIndex)) {
			if (sessionId === charge.sessionId || seen.has(sessionId)) continue;
			const session = await readSession(client, sessionId, itemIndex, CHARGE_FIELDS);
			if (!session || referencesOf(session)[CHARGE_MARKER_KEY] === charge.marker) continue;
			if (!isLive(session)) continue;
			const summary = simplifySession(session);
			duplicates.push({
				sessionId: summary.sessionId ?? sessionId,
				orderStatus: summary.orderStatus,
				amountIncVat: summary.amountIncVat,
				currency: summary.currency,
				createdAt: summary.createdAt,
			});
		}
	} catch (error) {
		return {
			warning: `Charged, but could not check whether another run charged token ${tokenId} with Charge Reference "${chargeReference}" at the same time (${(error as Error).message}). Open the token in Briqpay and refund any second charge with this Charge Reference.`,
		};
	}
	if (duplicates.length === 0) return { duplicateCharges: [] };
	const others = duplicates.map((d) => d.sessionId).join(', ');
	return {
		duplicateCharges: duplicates,
		warning: `Token ${tokenId} was charged more than once with Charge Reference "${chargeReference}": this charge and ${others}. Another run charged it at the same time. Refund all but one (Briqpay → Order → Refund), and let one run charge at a time.`,
	};
}

/**
 * [ref] Charge a token: POST /v3/session with intent payment_charge_token. Sent once (again only
 * after a 429: Briqpay did not act); a lost answer is reconciled by reading the token, never re-sent.
 */
export const charge: Operation = {
	menu: {
		name: 'Charge',
		value: 'charge',
		description: 'Charge a saved payment method (creates a completed payment session)',
		action: 'Charge a token and take money from the saved payment method now',
	},
	id: TOKEN_ID,
	lock: true,
	fields: [
		{
			displayName: 'Skip If Already Charged',
			name: 'skipIfAlreadyCharged',
			type: 'boolean',
			default: false,
			description:
				'Whether to look for an earlier charge of this token with the same Charge Reference and return it (marked alreadyCharged) instead of charging again. Makes re-running a recharge workflow safe.',
		},
		{
			displayName: 'Charge Reference',
			name: 'chargeReference',
			type: 'string',
			default: '',
			placeholder: 'e.g. 2026-11',
			description:
				'Identifies this charge, such as the billing period or your invoice number. Stored in the session\'s references as "chargeReference". Runs one after the other charge a token at most once per reference; if two runs overlap and both charge, each item lists the other charge in "duplicateCharges" with a "warning".',
			displayOptions: { show: { skipIfAlreadyCharged: [true] } },
		},
		...orderFields(),
		referencesField('Your own references for this charge, e.g. reference1 = your invoice number'),
		hooksField(),
		simplifyField(),
		responseOptions([realTimeWebhooksOption()]),
	],

	async execute(itemIndex, tokenId, { client, charged: chargedThisRun }) {
		const order = readOrder(this, itemIndex, { required: true });
		const simplify = readSimplify(this, itemIndex);
		const guard = this.getNodeParameter('skipIfAlreadyCharged', itemIndex, false) as boolean;
		const references: IDataObject = { ...(readReferences(this, itemIndex) ?? {}) };

		let chargeReference: string | undefined;
		const alreadyCharged = (earlier: IDataObject): IDataObject => ({
			...shapeSession(earlier, simplify, client.environment),
			tokenId,
			chargeReference,
			outcome: 'alreadyCharged',
			alreadyCharged: true,
		});
		/** Charge sessions read by the guard before charging. */
		const seen = new Set<string>();
		if (guard) {
			chargeReference = String(this.getNodeParameter('chargeReference', itemIndex, '')).trim();
			if (!chargeReference || chargeReference.length > MAX_REFERENCE_LENGTH) {
				fail(
					this,
					itemIndex,
					chargeReference
						? 'Charge Reference is longer than 512 characters'
						: 'Charge Reference is empty',
					'With "Skip If Already Charged" on, give each charge a reference such as the billing period (2026-11), e.g. {{ $now.toFormat("yyyy-MM") }}.',
				);
			}
			references[CHARGE_REFERENCE_KEY] = chargeReference;

			const runKey = `${tokenId}|${chargeReference}`;
			const cached = chargedThisRun.get(runKey);
			if (cached && orderStatusOf(cached) !== 'order_rejected') return alreadyCharged(cached);
		}

		// The token is read before charging: to skip a card that cannot be charged, and for the guard.
		const token = await readToken(client, tokenId, itemIndex);
		if (guard && chargeReference) {
			const earlier = await findCharge(client, tokenId, itemIndex, liveChargeOf(chargeReference), {
				seen,
				token,
			});
			if (earlier) return alreadyCharged(earlier);
		}
		const reason = unusableReason(token);
		if (reason) {
			return { tokenId, chargeReference, outcome: 'skipped', alreadyCharged: false, reason };
		}

		// A one-off marker, so that a charge whose answer is lost can be found on the token.
		const marker = randomUUID();
		references[CHARGE_MARKER_KEY] = marker;

		const body: IDataObject = {
			product: { type: 'payment', intent: 'payment_charge_token' },
			data: { order, tokenization: { tokenId } },
			references,
		};
		assignDefined(body, 'hooks', readHooks(this, itemIndex));
		assignDefined(body, 'config', readRealTimeConfig(this, itemIndex, body.hooks));

		const outcome = await sendMoneyCall(this, client, itemIndex, {
			what: 'charge',
			call: {
				method: 'POST',
				path: ENDPOINTS.sessions(),
				qs: readFieldsQuery(this, itemIndex),
				body,
			},
			reconcile: async () =>
				await findCharge(
					client,
					tokenId,
					itemIndex,
					(session) => referencesOf(session)[CHARGE_MARKER_KEY] === marker,
					{ lookback: RECONCILE_LOOKBACK },
				),
			whatToCheck: `Open token ${tokenId} in Briqpay and look for a charge of ${order?.amountIncVat} ${order?.currency} (minor units) with reference ${CHARGE_MARKER_KEY} = ${marker}.`,
		});

		const result: IDataObject = outcome.reconciled
			? { ...shapeSession(outcome.reconciled, simplify, client.environment), reconciled: true }
			: sessionOutput(this, client, itemIndex, outcome.answer.body, {}, 'Token charged');
		result.tokenId = tokenId;
		const answered = outcome.reconciled ?? outcome.answer.body;
		// With Return Fields "none" Briqpay answers without the session: accepted, result not known here.
		result.outcome = answered ? outcomeOf(answered) : 'pending';
		if (chargeReference) {
			const charged = outcome.reconciled ?? outcome.answer.body ?? {};
			result.chargeReference = chargeReference;
			result.alreadyCharged = false;
			chargedThisRun.set(`${tokenId}|${chargeReference}`, charged);
			// A rejected charge moved no money, so nothing can duplicate it.
			if (orderStatusOf(charged) !== 'order_rejected')
				Object.assign(
					result,
					await duplicateCheck(
						client,
						itemIndex,
						{ tokenId, chargeReference, sessionId: String(charged.sessionId ?? ''), marker },
						seen,
					),
				);
		}
		return result;
	},
};
