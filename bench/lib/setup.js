'use strict';

/**
 * The benchmark's own sandbox, built with the shared sandbox library (scripts/sandbox, used as is):
 * a fresh folder `.sandbox-bench/<line>/` (git-ignored) per n8n line (scripts/sandbox/lines.js), the
 * package packed and installed into that line's n8n like n8n installs a community package, the
 * floor node's package (lib/floor.js) next to it, the Briqpay stand-in with a latency, and the
 * Briqpay credential (used by the Briqpay node and by HTTP Request). Every port is a free one picked at run time (port 0), everything on 127.0.0.1, so a
 * benchmark never collides with `npm start` or the end-to-end tests.
 *
 * Additions the sandbox library lacks, kept here: `n8n execute --id` that tolerates a failing
 * workflow (the library's n8nCli throws on it), and reading one execution or a workflow's
 * executions from n8n's database with a narrow SQL query.
 */
const { randomBytes } = require('node:crypto');
const fs = require('node:fs');
const path = require('node:path');

const sb = require('../../scripts/sandbox');
const floor = require('./floor');

const BENCH_DIR = path.join(sb.ROOT, '.sandbox-bench');
const OWNER = { email: 'bench-owner@example.com', password: 'Bench-Owner-Passw0rd' };

/** Builds the sandbox of a line (fresh folder), installs both packages and starts the stand-in. */
async function createSandbox({ line, latencyMs, log, envExtra = {} }) {
	const dir = path.join(BENCH_DIR, line);
	fs.rmSync(dir, { recursive: true, force: true });
	const username = 'bench-user';
	const secret = `bench-secret-${randomBytes(10).toString('hex')}`;
	const sandbox = new sb.Sandbox({ dir, username, secret, owner: OWNER, envExtra, line });
	if (sb.buildIsStale()) {
		log('dist/ is older than the sources: npm run build');
		await sb.buildPackage({ log: path.join(sandbox.logsDir, 'build.log') });
	}
	let installed;
	for (let attempt = 1; ; attempt++) {
		try {
			installed = await sandbox.installPackage({ build: false });
			break;
		} catch (error) {
			// Someone may be rebuilding dist/ at this moment (other sessions run npm run build).
			if (attempt >= 3) throw error;
			log(`install failed (${error.message.split('\n')[0]}); retrying in 5 s`);
			await new Promise((resolve) => setTimeout(resolve, 5000));
		}
	}
	log(
		`${installed.name}@${installed.version} packed and installed into ${path.relative(sb.ROOT, installed.dir)}`,
	);
	await floor.installFloor(sandbox);
	log(`${floor.NAME} (the floor node) built and installed next to it`);
	const fake = await sandbox.startFake({
		seed: false,
		extraArgs: ['--latency-ms', String(latencyMs)],
	});
	await sandbox.prepareEnv();
	log(`stand-in ${fake.baseUrl} (latency ${latencyMs} ms)`);
	return { sandbox, fake, username, secret, installed };
}

function credentials({ fake }) {
	return [sb.credentialData(fake)];
}

/**
 * `n8n execute --id=<id>` (mode `cli`), in the sandbox environment. Resolves
 * {wallMs, code, executionId, execution} with the execution read back from n8n's database.
 */
async function executeWorkflow(sandbox, workflowId, { timeoutMs = 600000 } = {}) {
	const before = await latestExecutionId(sandbox, workflowId);
	const started = process.hrtime.bigint();
	// Through bash, whose `times` then reports the CPU time n8n (and its children) used.
	const result = await sb.run(
		'bash',
		[
			'-c',
			'"$@"; rc=$?; times >&2; exit $rc',
			'n8n-execute',
			sandbox.line.nodeBin,
			sandbox.line.n8nBin,
			'execute',
			`--id=${workflowId}`,
		],
		{ cwd: sandbox.line.installDir, env: sandbox.env, allowFailure: true, timeoutMs },
	);
	const wallMs = Number(process.hrtime.bigint() - started) / 1e6;
	const cpuMs = childrenCpuMs(result.stderr);
	fs.appendFileSync(
		sandbox.commandsLog,
		`\n$ n8n execute --id=${workflowId} -> exit ${result.code}\n${result.stderr.slice(-4000)}\n`,
	);
	const executionId = await latestExecutionId(sandbox, workflowId);
	if (!executionId || executionId === before) {
		const tail = `${result.stdout.slice(-1500)}\n${result.stderr.slice(-1500)}`;
		throw new Error(
			`n8n execute --id=${workflowId} saved no execution (exit ${result.code}):\n${tail}`,
		);
	}
	const execution = await readExecution(sandbox, executionId);
	return { wallMs, cpuMs, code: result.code, executionId, execution };
}

/** bash `times` prints "0m0.001s 0m0.002s" (the shell) then the same for its children. */
function childrenCpuMs(stderr) {
	const lines = stderr.trim().split('\n');
	const match = /^(\d+)m([\d.]+)s (\d+)m([\d.]+)s$/.exec(lines[lines.length - 1]?.trim() ?? '');
	if (!match) return undefined;
	const [, um, us, sm, ss] = match;
	return (Number(um) * 60 + Number(us) + Number(sm) * 60 + Number(ss)) * 1000;
}

async function latestExecutionId(sandbox, workflowId) {
	const rows = await sb.query(
		sandbox.userFolder,
		`select max(id) as id from execution_entity where workflowId = '${sqlText(workflowId)}'`,
		{ line: sandbox.line },
	);
	return rows[0]?.id ?? undefined;
}

function sqlText(value) {
	return String(value).replace(/'/g, "''");
}

/** One execution with its data decoded (flatted), straight from the database. */
async function readExecution(sandbox, executionId) {
	const rows = await sb.query(
		sandbox.userFolder,
		`select e.id, e.workflowId, e.mode, e.status, e.finished, e.startedAt, e.stoppedAt, e.createdAt, d.data
		 from execution_entity e join execution_data d on d.executionId = e.id where e.id = ${Number(executionId)}`,
		{ line: sandbox.line },
	);
	if (!rows[0]) throw new Error(`execution ${executionId} not found in the database`);
	return sb.decodeExecution({ ...rows[0], id: String(rows[0].id) });
}

/** Executions of a workflow (summary only: id, status, startedAt, stoppedAt). */
async function executionSummaries(sandbox, workflowId) {
	return await sb.query(
		sandbox.userFolder,
		`select id, status, mode, startedAt, stoppedAt, createdAt from execution_entity
		 where workflowId = '${sqlText(workflowId)}' order by id`,
		{ line: sandbox.line },
	);
}

/** Executions of a workflow with data, ids above `afterId`. */
async function executionsWithData(sandbox, workflowId, { afterId = 0 } = {}) {
	const rows = await sb.query(
		sandbox.userFolder,
		`select e.id, e.workflowId, e.mode, e.status, e.finished, e.startedAt, e.stoppedAt, e.createdAt, d.data
		 from execution_entity e join execution_data d on d.executionId = e.id
		 where e.workflowId = '${sqlText(workflowId)}' and e.id > ${Number(afterId)} order by e.id`,
		{ line: sandbox.line },
	);
	return rows.map((row) => sb.decodeExecution({ ...row, id: String(row.id) }));
}

/** SQLite keeps `2026-11-21 10:15:00.123` (UTC) in these columns; Date.parse needs a T and a Z. */
function dbTime(value) {
	if (value === null || value === undefined) return undefined;
	if (typeof value === 'number') return value;
	const text = String(value);
	const iso = /Z$|[+-]\d\d:?\d\d$/.test(text) ? text : `${text.replace(' ', 'T')}Z`;
	const ms = Date.parse(iso);
	return Number.isNaN(ms) ? undefined : ms;
}

let ticksPerSecond;
/** CPU time (user + system, all threads) a process has used so far, in ms; undefined off Linux. */
function processCpuMs(pid) {
	try {
		ticksPerSecond ??=
			Number(
				require('node:child_process')
					.execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' })
					.trim(),
			) || 100;
		const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
		// Fields after the command name (which may contain spaces): state is field 3, utime 14, stime 15.
		const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
		return ((Number(fields[11]) + Number(fields[12])) * 1000) / ticksPerSecond;
	} catch {
		return undefined;
	}
}

/** Seeds `count` open sessions in the stand-in, 25 at a time; resolves their ids. */
async function seedSessions(control, count) {
	const ids = [];
	for (let start = 0; start < count; start += 25) {
		const batch = Array.from({ length: Math.min(25, count - start) }, () =>
			control.seedSession({}),
		);
		for (const session of await Promise.all(batch)) ids.push(session.sessionId);
	}
	return ids;
}

module.exports = {
	processCpuMs,
	seedSessions,
	BENCH_DIR,
	OWNER,
	createSandbox,
	credentials,
	executeWorkflow,
	latestExecutionId,
	readExecution,
	executionSummaries,
	executionsWithData,
	dbTime,
};
