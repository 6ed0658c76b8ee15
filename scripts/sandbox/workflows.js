'use strict';

/**
 * The example workflows (examples/*.json) and what the sandbox needs to run them: the fixed
 * credential they use, the data the stand-in is seeded with, and the rewriting of the one address
 * that depends on where n8n listens (the capture trigger's Production URL in the payment link).
 */
const fs = require('node:fs');
const path = require('node:path');

const { EXAMPLES_DIR } = require('./paths');

/** The credential every example uses (fixed id, so the examples import ready to run). */
const SANDBOX_CREDENTIAL = { id: 'briqpaySandbox01', name: 'Briqpay sandbox (local stand-in)' };

/** The base URL written in the examples; replaced with the sandbox's N8N_WEBHOOK_URL on import. */
const EXAMPLE_WEBHOOK_BASE = 'http://127.0.0.1:5678/';

const EXAMPLES = {
	slackAlert: 'slack-alert-on-order-status.json',
	recharge: 'scheduled-recharge.json',
	paymentLink: 'payment-link.json',
	captureOnApproval: 'capture-on-approval.json',
	mcpTools: 'mcp-read-only-tools.json',
	actOnce: 'act-once-per-event.json',
};

/** The bearer-token credential of the MCP example's trigger (the MCP client sends the token). */
const MCP_BEARER_CREDENTIAL = {
	id: 'mcpBearerSandbx1',
	name: 'MCP clients (sandbox bearer token)',
};

/** The Postgres credential of the act-once example (the claims table's database). */
const CLAIMS_CREDENTIAL = { id: 'briqpayClaimsDb1', name: 'Event claims (Postgres)' };

/** Saved cards (tokens) of the recharge example's customer list, seeded into the stand-in. */
const SANDBOX_TOKENS = [
	{
		tokenId: '3b1f6c2a-9e4d-4f7a-8c21-5d0e7a9b1c01',
		customerType: 'business',
		customer: 'Acme AB',
	},
	{
		tokenId: '3b1f6c2a-9e4d-4f7a-8c21-5d0e7a9b1c02',
		customerType: 'business',
		customer: 'Nordic Bikes AB',
	},
];

function loadExample(key) {
	const file = path.join(EXAMPLES_DIR, EXAMPLES[key] ?? key);
	return JSON.parse(fs.readFileSync(file, 'utf8'));
}

function loadExamples() {
	return Object.fromEntries(Object.keys(EXAMPLES).map((key) => [key, loadExample(key)]));
}

/** Replaces every occurrence of `from` in the workflow's strings by `to`. */
function replaceInStrings(value, from, to) {
	if (typeof value === 'string') return value.split(from).join(to);
	if (Array.isArray(value)) return value.map((v) => replaceInStrings(v, from, to));
	if (value && typeof value === 'object') {
		return Object.fromEntries(
			Object.entries(value).map(([k, v]) => [k, replaceInStrings(v, from, to)]),
		);
	}
	return value;
}

/** The example as the sandbox imports it: n8n's address where the example says 127.0.0.1:5678. */
function forSandbox(workflow, { webhookBaseUrl }) {
	const base = webhookBaseUrl.endsWith('/') ? webhookBaseUrl : `${webhookBaseUrl}/`;
	return replaceInStrings(workflow, EXAMPLE_WEBHOOK_BASE, base);
}

/** Trigger nodes of a workflow with their production webhook URL. */
function triggerUrls(workflow, webhookBaseUrl) {
	const base = webhookBaseUrl.endsWith('/') ? webhookBaseUrl : `${webhookBaseUrl}/`;
	return workflow.nodes
		.filter((node) => node.type === 'n8n-nodes-briqpay.briqpayTrigger' && !node.disabled)
		.map((node) => ({ node: node.name, url: `${base}webhook/${node.webhookId}/webhook` }));
}

function credentialData(fake) {
	return {
		id: SANDBOX_CREDENTIAL.id,
		name: SANDBOX_CREDENTIAL.name,
		type: 'briqpayApi',
		data: {
			environment: 'custom',
			baseUrl: fake.baseUrl,
			username: fake.username,
			secret: fake.secret,
		},
	};
}

/** Seeds the stand-in with what the examples refer to (idempotent for a running stand-in). */
async function seedForExamples(control) {
	for (const token of SANDBOX_TOKENS) {
		const existing = await control.token(token.tokenId).catch(() => undefined);
		if (!existing)
			await control.seedToken({ tokenId: token.tokenId, customerType: token.customerType });
	}
}

module.exports = {
	SANDBOX_CREDENTIAL,
	CLAIMS_CREDENTIAL,
	SANDBOX_TOKENS,
	EXAMPLES,
	EXAMPLE_WEBHOOK_BASE,
	loadExample,
	loadExamples,
	MCP_BEARER_CREDENTIAL,
	forSandbox,
	triggerUrls,
	credentialData,
	seedForExamples,
	replaceInStrings,
};
