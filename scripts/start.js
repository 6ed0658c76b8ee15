#!/usr/bin/env node
'use strict';

/**
 * `npm start`: try n8n-nodes-briqpay in a real, local n8n with a Briqpay stand-in.
 *
 *   npm start                 # set up (first time on a machine: 3-13 min, see README), build, install, start; Ctrl+C stops
 *   npm start -- --reset      # forget the sandbox (~/.cache/n8n-nodes-briqpay/sandbox) and start from scratch
 *   N8N_LINE=1.123 npm start  # another n8n line (scripts/sandbox/lines.js); its own sandbox folder
 *
 * 1. scripts/setup-n8n.js: the line's pinned n8n and Node, cached per machine (0.1 s when installed)
 * 2. npm run build, npm pack, install the tarball into <sandbox>/n8n/.n8n/nodes like n8n does
 * 3. the Briqpay stand-in (test/fake-briqpay/cli.js --seed) on 127.0.0.1:4010, plus the saved
 *    cards the recharge example charges
 * 4. first start only: a Briqpay credential (Custom URL → the stand-in), the example workflows,
 *    and "capture the order when it is approved" published
 * 5. n8n on 127.0.0.1:5678, every outbound feature off; the owner account is created
 *
 * State lives in ~/.cache/n8n-nodes-briqpay/sandbox (outside the repository, see scripts/sandbox/paths.js) and is
 * reused by the next start. Ports: SANDBOX_N8N_PORT, SANDBOX_BRIQPAY_PORT.
 */
const { randomBytes } = require('node:crypto');
const fs = require('node:fs');
const path = require('node:path');

const sb = require('./sandbox');

const STATE_FILE = path.join(sb.SANDBOX_DIR, 'state.json');
const DEFAULT_OWNER = { email: 'sandbox@example.com', password: 'Briqpay-Sandbox-1' };
const PUBLISHED_EXAMPLES = ['captureOnApproval'];

const say = (line = '') => process.stdout.write(`${line}\n`);
const step = (line) => say(`[sandbox] ${line}`);
const seconds = (ms) => `${(ms / 1000).toFixed(1)} s`;

function readState() {
	try {
		return JSON.parse(fs.readFileSync(STATE_FILE, 'utf8'));
	} catch {
		return undefined;
	}
}

function writeState(state) {
	fs.writeFileSync(STATE_FILE, `${JSON.stringify(state, null, 2)}\n`, { mode: 0o600 });
}

async function pickPort(wanted, fallbackDefault) {
	if (wanted) return wanted;
	return (await sb.portInUse(fallbackDefault)) ? await sb.freePort() : fallbackDefault;
}

/** Process groups of a sandbox that is still running (from <sandbox>/pids.json), if any. */
function runningSandbox() {
	const file = path.join(sb.SANDBOX_DIR, 'pids.json');
	let pids;
	try {
		pids = JSON.parse(fs.readFileSync(file, 'utf8'));
	} catch {
		return [];
	}
	return Object.values(pids).filter((pid) => {
		if (!sb.alive(pid)) return false;
		try {
			const cmd = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8');
			return cmd.includes(sb.resolveLine().n8nBin) || cmd.includes(sb.FAKE_CLI);
		} catch {
			return false;
		}
	});
}

async function main() {
	const started = Date.now();
	const args = process.argv.slice(2);
	if (args.includes('--help') || args.includes('-h')) {
		say(
			fs
				.readFileSync(__filename, 'utf8')
				.split('*/')[0]
				.split('/**')[1]
				.replace(/^ \* ?/gm, ''),
		);
		return;
	}
	const stillRunning = runningSandbox();
	if (stillRunning.length) {
		throw new Error(
			`a sandbox is already running (process groups ${stillRunning.join(', ')}). Stop it with Ctrl+C in its terminal, or: kill -TERM -- ${stillRunning.map((pid) => `-${pid}`).join(' ')}`,
		);
	}
	if (args.includes('--reset')) {
		step(`--reset: removing ${sb.SANDBOX_DIR}`);
		fs.rmSync(sb.SANDBOX_DIR, { recursive: true, force: true });
	}
	fs.mkdirSync(sb.SANDBOX_DIR, { recursive: true });

	// 1. n8n itself.
	const line = sb.resolveLine();
	step(`1/5 n8n ${line.n8nVersion} on Node ${line.node} (scripts/setup-n8n.js ${line.name})`);
	let t = Date.now();
	await new Promise((resolve, reject) => {
		const child = require('node:child_process').spawn(
			process.execPath,
			[sb.SETUP_SCRIPT, line.name],
			{ stdio: 'inherit' },
		);
		child.on('error', reject);
		child.on('exit', (code) =>
			code === 0 ? resolve() : reject(new Error(`scripts/setup-n8n.js failed (exit ${code})`)),
		);
	});
	const setupMs = Date.now() - t;

	const previous = readState();
	const state = {
		n8nPort: Number(process.env.SANDBOX_N8N_PORT) || previous?.n8nPort || (await pickPort(0, 5678)),
		fakePort:
			Number(process.env.SANDBOX_BRIQPAY_PORT) || previous?.fakePort || (await pickPort(0, 4010)),
		username: previous?.username ?? 'sandbox-user',
		secret: previous?.secret ?? `sandbox-${randomBytes(12).toString('hex')}`,
		owner: previous?.owner ?? DEFAULT_OWNER,
		createdAt: previous?.createdAt ?? new Date().toISOString(),
	};
	const sandbox = new sb.Sandbox({
		dir: sb.SANDBOX_DIR,
		n8nPort: state.n8nPort,
		fakePort: state.fakePort,
		username: state.username,
		secret: state.secret,
		line: line.name,
	});
	let stopping = false;
	const stop = async (why) => {
		if (stopping) return;
		stopping = true;
		say('');
		step(`stopping (${why}) ...`);
		await sandbox.stop();
		fs.rmSync(path.join(sb.SANDBOX_DIR, 'pids.json'), { force: true });
		step('stopped: n8n and the Briqpay stand-in are down. `npm start` again resumes this sandbox.');
	};
	// Ctrl+C / SIGTERM: the library stops both processes; say so.
	sb.onSignal((sig) => stop(sig));

	try {
		// 2. The package, like n8n installs it.
		step('2/5 build, pack and install n8n-nodes-briqpay into the sandbox n8n');
		t = Date.now();
		const installed = await sandbox.installPackage({ build: true });
		step(
			`    ${installed.name}@${installed.version} -> ${installed.dir} (${seconds(Date.now() - t)})`,
		);

		// 3. The Briqpay stand-in.
		step(`3/5 Briqpay stand-in on 127.0.0.1:${state.fakePort}`);
		await sandbox.prepareEnv();
		const fake = await sandbox.startFake({ seed: true });
		await sb.seedForExamples(fake.control);
		writeState(state);
		fs.writeFileSync(
			path.join(sb.SANDBOX_DIR, 'pids.json'),
			JSON.stringify({ fake: fake.proc.pid }),
		);

		// 4. Credential and examples, once.
		step('4/5 credential and example workflows');
		t = Date.now();
		const have = await sandbox.existing();
		const credential = sb.credentialData(fake);
		const credentialChanged = previous?.fakeBaseUrl && previous.fakeBaseUrl !== fake.baseUrl;
		if (!have.credentials.has(credential.id) || credentialChanged) {
			await sandbox.importCredentials([credential]);
			step(
				`    credential "${credential.name}" (Custom URL ${fake.baseUrl})${credentialChanged ? ' updated: the stand-in moved' : ''}`,
			);
		} else {
			step(`    credential "${credential.name}" already there`);
		}
		state.fakeBaseUrl = fake.baseUrl;
		writeState(state);
		const examples = sb.loadExamples();
		const missing = Object.entries(examples).filter(([, wf]) => !have.workflows.has(wf.id));
		const toPublish = missing
			.filter(([key]) => PUBLISHED_EXAMPLES.includes(key))
			.map(([, wf]) => wf.id);
		if (missing.length) {
			await sandbox.importWorkflows(
				missing.map(([, wf]) => sb.forSandbox(wf, { webhookBaseUrl: sandbox.webhookBaseUrl })),
				{ publish: toPublish },
			);
		}
		for (const [key, wf] of Object.entries(examples)) {
			const what = missing.some(([k]) => k === key) ? 'imported' : 'already there';
			step(`    "${wf.name}" ${what}${toPublish.includes(wf.id) ? ', published' : ''}`);
		}
		step(`    (${seconds(Date.now() - t)})`);

		// 5. n8n.
		step(`5/5 n8n on 127.0.0.1:${state.n8nPort}`);
		t = Date.now();
		const active = await sb.activeWorkflowIds(sandbox.userFolder, { line });
		const waitFor = Object.values(examples)
			.filter((wf) => active.has(wf.id))
			.flatMap((wf) => sb.triggerUrls(wf, sandbox.webhookBaseUrl).map((tr) => tr.url));
		await sandbox.startN8n();
		fs.writeFileSync(
			path.join(sb.SANDBOX_DIR, 'pids.json'),
			JSON.stringify({ fake: fake.proc.pid, n8n: sandbox.n8n.pid }),
		);
		for (const url of waitFor) await sb.waitWebhook(sandbox.n8n, url);
		let ownerNote = '';
		try {
			const { created } = await sandbox.rest.ensureOwner(state.owner);
			if (created) ownerNote = '   (owner created now)';
		} catch (error) {
			ownerNote = `   (log-in failed: changed in the editor? ${error.message.slice(0, 80)})`;
		}
		step(`    ready (${seconds(Date.now() - t)})`);

		const captureUrl = sb.triggerUrls(examples.captureOnApproval, sandbox.webhookBaseUrl)[0]?.url;
		const seeded = fake.seeded ?? {};
		say('');
		say('================================================================================');
		say(
			` n8n with n8n-nodes-briqpay is running (${seconds(Date.now() - started)}; setup-n8n ${seconds(setupMs)})`,
		);
		say('');
		say(` Editor      ${sandbox.baseUrl}`);
		say(` Login       ${state.owner.email}  /  ${state.owner.password}${ownerNote}`);
		say(` Briqpay     stand-in at ${fake.baseUrl} (credential "${credential.name}", Custom URL)`);
		say('');
		say(' Example workflows (Overview in the editor):');
		say(`   ${examples.paymentLink.name}: open it, click "Execute workflow", open the url`);
		say('     in "Create payment link"\'s output and click Pay. Then see the Executions of');
		say(`   ${examples.captureOnApproval.name} (published; Production URL`);
		say(`     ${captureUrl}).`);
		say(`   ${examples.recharge.name}: "Execute workflow" charges 2 saved cards;`);
		say('     run it again: both are skipped as already charged this month.');
		say(`   ${examples.slackAlert.name}: needs your Slack credential; not published.`);
		say('');
		say(' Seeded in the stand-in (ids for the Briqpay node):');
		for (const [name, id] of Object.entries(seeded.sessions ?? {}))
			say(`   session ${name.padEnd(20)} ${id}`);
		for (const [name, id] of Object.entries(seeded.tokens ?? {}))
			say(`   token   ${name.padEnd(20)} ${id}`);
		for (const token of sb.SANDBOX_TOKENS)
			say(`   token   ${token.customer.padEnd(20)} ${token.tokenId}`);
		say('   (the stand-in keeps its data in memory: a restart seeds new sessions)');
		say('');
		say(` Real keys: Credentials -> "${credential.name}" -> Environment: Playground (Test),`);
		say('   paste your Playground username and secret, Save. See README "Try it locally".');
		say(` Logs        ${sandbox.logsDir}/ (n8n.log, fake.log)`);
		say('');
		say(' Press Ctrl+C to stop.');
		say('================================================================================');

		// Stay up until a signal (handled by the library) or until a child dies.
		const ended = await Promise.race([
			sandbox.n8n.exited.then((r) => ({ who: 'n8n', ...r })),
			fake.proc.exited.then((r) => ({ who: 'the Briqpay stand-in', ...r })),
		]);
		if (!stopping) {
			step(
				`${ended.who} exited (code ${ended.code}, signal ${ended.signal}); see ${sandbox.logsDir}/`,
			);
			await stop('a process exited');
			process.exitCode = 1;
		}
	} catch (error) {
		await stop('error');
		throw error;
	}
}

main().catch((error) => {
	process.stderr.write(`[sandbox] ERROR: ${error.message}\n`);
	process.exit(1);
});
