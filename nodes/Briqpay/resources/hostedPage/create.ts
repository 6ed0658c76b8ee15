import type { IDataObject } from 'n8n-workflow';

import { readCollection } from '../../fields/collection';
import { SESSION_ID } from '../../fields/ids';
import { ENDPOINTS } from '../../shared/constants';
import { fail } from '../../shared/itemErrors';
import { closedForPayment, missingPrefill, showsPaymentOnly } from '../../shared/paymentLink';
import { readSession } from '../../shared/session';
import type { Operation } from '../operation';

const PAGE_OPTIONS = 'pageOptions';

/**
 * Reads the session first and refuses, before anything is created, a link that could never be paid
 * (rules in ../../shared/paymentLink.ts); then [plugin] POST /v3/hosted-page {sessionId, config} →
 * {hostedPageId, sessionId, url}.
 */
export const create: Operation = {
	menu: {
		name: 'Create',
		value: 'create',
		description: 'Create a payment link for a session, to send by email or chat',
		action: 'Create a payment link that moves no money until the customer pays',
	},
	id: SESSION_ID,
	fields: [
		{
			displayName: 'Page Options',
			name: PAGE_OPTIONS,
			type: 'collection',
			placeholder: 'Add Option',
			default: {},
			options: [
				{
					displayName: 'Logo URL',
					name: 'logoUrl',
					type: 'string',
					default: '',
					placeholder: 'e.g. https://shop.example.com/logo.png',
				},
				{
					displayName: 'Page Title',
					name: 'pageTitle',
					type: 'string',
					default: '',
					placeholder: 'e.g. Pay your order ORDER-1001',
				},
				{
					displayName: 'Show Cart',
					name: 'showCart',
					type: 'boolean',
					default: true,
					description: 'Whether the page lists the order lines',
				},
			],
		},
	],

	async execute(itemIndex, sessionId, { client }) {
		const session = await readSession(client, sessionId, itemIndex);
		const closed = closedForPayment(session);
		if (closed) {
			fail(
				this,
				itemIndex,
				`No payment link created: session ${sessionId} ${closed}`,
				'A payment link only works for an open session. Create a new session (Session → Create, Used For: Payment Link) and make the link for that one.',
			);
		}
		if (showsPaymentOnly(session)) {
			const missing = missingPrefill(session.customerType, (session.data as IDataObject) ?? {});
			if (missing.length) {
				fail(
					this,
					itemIndex,
					`No payment link created: the page would show payment methods only, and the session lacks ${missing.join(', ')}`,
					`The customer cannot type these in on that page, so it would never unlock. Add ${missing.join(', ')} with Session → Update, or create the session with Page Content set to Full Checkout so Briqpay asks the customer.`,
				);
			}
		}
		const body: IDataObject = { sessionId };
		const config = readCollection(this, itemIndex, PAGE_OPTIONS);
		if (config) body.config = config;
		const answer = await client.call(
			{
				method: 'POST',
				path: ENDPOINTS.hostedPage(),
				body,
				subject: { kind: 'session', id: sessionId },
			},
			itemIndex,
		);
		const page = answer.body ?? {};
		return { sessionId, url: page.url, hostedPageId: page.hostedPageId, ...page };
	},
};
