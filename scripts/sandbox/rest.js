'use strict';

/**
 * n8n's REST API (/rest, what the editor uses): owner set-up and login, workflows, manual runs,
 * executions (decoded with n8n's own `flatted`), credential tests. Every answer's text is kept in
 * `transcript` so tests can check that no secret ever appears in one.
 */
const path = require('node:path');
const { randomUUID } = require('node:crypto');

const fs = require('node:fs');

const { lineNames, resolveLine } = require('./lines');

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

function flatted() {
	// n8n stores execution data flatted-encoded; use n8n's own copy (pure JS, any Node) from the
	// default line, or any installed one.
	const names = [process.env.N8N_LINE, ...lineNames()].filter(Boolean);
	for (const name of names) {
		const dir = path.join(resolveLine(name).modules, 'flatted');
		if (fs.existsSync(dir)) return require(dir);
	}
	throw new Error('no n8n is installed (flatted not found): run node scripts/setup-n8n.js');
}

class RestError extends Error {
	constructor(method, url, status, body) {
		super(`${method} ${url} -> ${status}: ${String(body).slice(0, 500)}`);
		this.status = status;
		this.body = body;
	}
}

class N8nRest {
	/** @param {{line?: string|object}} [opts] the n8n line (lines.js); default: N8N_LINE or npm start's */
	constructor(baseUrl, { line } = {}) {
		this.line = line && typeof line === 'object' ? line : resolveLine(line || undefined);
		this.baseUrl = baseUrl.replace(/\/+$/, '');
		// The auth cookie is bound to this header's value (n8n checks it on every request).
		this.browserId = randomUUID();
		this.cookie = '';
		this.transcript = [];
	}

	async request(method, urlPath, body, { allowStatus = [] } = {}) {
		const headers = { 'browser-id': this.browserId, accept: 'application/json' };
		if (this.cookie) headers.cookie = this.cookie;
		if (body !== undefined) headers['content-type'] = 'application/json';
		const url = `${this.baseUrl}${urlPath}`;
		const send = () =>
			fetch(url, {
				method,
				headers,
				body: body === undefined ? undefined : JSON.stringify(body),
				signal: AbortSignal.timeout(60000),
			});
		let response;
		try {
			response = await send();
		} catch (error) {
			// A kept-alive connection n8n had just closed ("other side closed", seen on 1.123 under
			// load). Sent again only when repeating it changes nothing: reads and the log-in.
			if (!(method === 'GET' || urlPath === '/rest/login') || error.name === 'TimeoutError') {
				throw error;
			}
			response = await send();
		}
		const setCookie = response.headers.getSetCookie?.() ?? [];
		for (const c of setCookie) {
			const [pair] = c.split(';');
			if (pair.startsWith('n8n-auth=')) this.cookie = pair;
		}
		const text = await response.text();
		this.transcript.push(`${method} ${urlPath} ${response.status}\n${text}`);
		if (!response.ok && !allowStatus.includes(response.status)) {
			throw new RestError(method, urlPath, response.status, text);
		}
		let json;
		try {
			json = text ? JSON.parse(text) : undefined;
		} catch {
			json = undefined;
		}
		// Most REST answers are {data: …}.
		return {
			status: response.status,
			body: json && 'data' in json ? json.data : json,
			raw: json,
			text,
		};
	}

	// ------------------------------------------------------------------ users

	async settings() {
		return (await this.request('GET', '/rest/settings')).body;
	}

	/** Creates the owner on a fresh instance, or logs in when it exists already. */
	async ensureOwner({ email, password, firstName = 'Sandbox', lastName = 'Owner' }) {
		const settings = await this.settings();
		const needsSetup = settings?.userManagement?.showSetupOnFirstLoad === true;
		if (needsSetup) {
			await this.request('POST', '/rest/owner/setup', { email, password, firstName, lastName });
			return { created: true };
		}
		await this.login({ email, password });
		return { created: false };
	}

	async login({ email, password }) {
		await this.request('POST', '/rest/login', { emailOrLdapLoginId: email, password });
	}

	// ------------------------------------------------------------------ workflows

	async workflow(id) {
		return (await this.request('GET', `/rest/workflows/${id}`)).body;
	}

	async createWorkflow(workflow) {
		return (await this.request('POST', '/rest/workflows', workflow)).body;
	}

	/**
	 * Runs a saved workflow as the editor's "Execute workflow" button does, starting from the named
	 * trigger. Resolves the execution id.
	 */
	async runWorkflow(id, triggerName) {
		const payload = { triggerToStartFrom: { name: triggerName } };
		// 1.x runs the workflow sent in the body; 2.x the stored one (lines.js: runSendsWorkflow).
		if (this.line.runSendsWorkflow) payload.workflowData = await this.workflow(id);
		const { body } = await this.request('POST', `/rest/workflows/${id}/run`, payload);
		if (!body?.executionId) {
			throw new Error(`workflow ${id} did not start: ${JSON.stringify(body)}`);
		}
		return String(body.executionId);
	}

	/** Runs and waits for the end; resolves the decoded execution. */
	async runAndWait(id, triggerName, opts) {
		const executionId = await this.runWorkflow(id, triggerName);
		return await this.waitExecution(executionId, opts);
	}

	// ------------------------------------------------------------------ executions

	/** One execution with its data decoded: {id, status, mode, workflowId, data: {resultData…}}. */
	async execution(id) {
		const { body } = await this.request('GET', `/rest/executions/${id}`);
		return decodeExecution(body);
	}

	async waitExecution(id, { timeoutMs = 60000 } = {}) {
		const until = Date.now() + timeoutMs;
		let last;
		while (Date.now() < until) {
			try {
				last = await this.execution(id);
				if (isFinished(last)) return last;
			} catch (error) {
				if (!(error instanceof RestError) || error.status !== 404) throw error;
			}
			await sleep(200);
		}
		throw new Error(
			`execution ${id} did not finish in ${timeoutMs / 1000} s (status ${last?.status})`,
		);
	}

	/** Execution summaries of a workflow, newest first. */
	async executions(workflowId, { limit = 100 } = {}) {
		const filter = encodeURIComponent(JSON.stringify({ workflowId }));
		const { body } = await this.request('GET', `/rest/executions?filter=${filter}&limit=${limit}`);
		return body?.results ?? [];
	}

	/**
	 * Every execution summary (of one workflow, or all), newest first, page by page: 2.41 refuses a
	 * `limit` above 100; `lastId` asks for the ones older than the last of a page.
	 */
	async allExecutions(workflowId) {
		const out = [];
		let lastId;
		for (;;) {
			const query = [`limit=100`];
			if (workflowId) query.push(`filter=${encodeURIComponent(JSON.stringify({ workflowId }))}`);
			if (lastId) query.push(`lastId=${encodeURIComponent(lastId)}`);
			const { body } = await this.request('GET', `/rest/executions?${query.join('&')}`);
			const page = body?.results ?? [];
			out.push(...page);
			if (page.length < 100) return out;
			lastId = page[page.length - 1].id;
		}
	}

	/** Full executions of a workflow (decoded), newest first. */
	async executionsWithData(workflowId, opts) {
		const list = await this.executions(workflowId, opts);
		const out = [];
		for (const summary of list) out.push(await this.execution(summary.id));
		return out;
	}

	/**
	 * Waits until `predicate(executions)` holds for the workflow's finished executions; resolves them.
	 * Used for webhook-started executions, which the test does not start itself.
	 */
	async waitForExecutions(workflowId, predicate, { timeoutMs = 30000 } = {}) {
		const until = Date.now() + timeoutMs;
		let finished = [];
		while (Date.now() < until) {
			const all = await this.executionsWithData(workflowId);
			finished = all.filter(isFinished);
			if (finished.length === all.length && predicate(finished)) return finished;
			await sleep(250);
		}
		throw new Error(
			`executions of ${workflowId} not as expected after ${timeoutMs / 1000} s: ${JSON.stringify(
				finished.map((e) => ({ id: e.id, status: e.status })),
			)}`,
		);
	}

	// ------------------------------------------------------------------ credentials

	async credential(id, { includeData = false } = {}) {
		return (
			await this.request('GET', `/rest/credentials/${id}${includeData ? '?includeData=true' : ''}`)
		).body;
	}

	/** The editor's "Test" button for a saved credential. Resolves {status: 'OK'|'Error', message}. */
	async testCredential(id) {
		const saved = await this.credential(id, { includeData: true });
		const { body } = await this.request('POST', '/rest/credentials/test', {
			credentials: { id: saved.id, name: saved.name, type: saved.type, data: saved.data },
		});
		return body;
	}
}

/**
 * Whether an execution has finished and its data is stored. 1.x marks a manual execution finished
 * (status, stoppedAt) a moment before it writes the data: the REST answer then has `data: "[]"`.
 */
function isFinished(execution) {
	return Boolean(
		execution?.stoppedAt &&
			!['new', 'running', 'waiting'].includes(execution.status) &&
			execution.data?.resultData,
	);
}

/** Decodes an execution from the REST API or the database: its `data` is a flatted string. */
function decodeExecution(execution) {
	if (!execution) return execution;
	const out = { ...execution };
	if (typeof out.data === 'string') out.data = flatted().parse(out.data);
	return out;
}

// ------------------------------------------------------------------ reading execution data

/** Output items (json) of a node's first run, main output `outputIndex`. */
function nodeOutput(execution, nodeName, { run = 0, outputIndex = 0 } = {}) {
	const runs = execution?.data?.resultData?.runData?.[nodeName];
	if (!runs || !runs[run]) return undefined;
	const main = runs[run].data?.main?.[outputIndex];
	return (main ?? []).map((item) => item.json);
}

/** The node that failed and its error, or undefined. */
function executionError(execution) {
	const error = execution?.data?.resultData?.error;
	if (!error) return undefined;
	return {
		message: error.message,
		description: error.description,
		node: error.node?.name,
		httpCode: error.httpCode,
	};
}

/** A fetch answer as `{status, body}`: the body parsed as JSON when it is JSON, else its text. */
async function answerOf(response) {
	const text = await response.text();
	try {
		return { status: response.status, body: JSON.parse(text) };
	} catch {
		return { status: response.status, body: text };
	}
}

module.exports = {
	answerOf,
	N8nRest,
	RestError,
	decodeExecution,
	isFinished,
	nodeOutput,
	executionError,
	flatted,
};
