'use strict';

/**
 * Postgres and Redis for queue mode (scripts/setup-queue-deps.sh installs the Debian packages):
 * private instances on free 127.0.0.1 ports with their data in a temp folder, never the system
 * services. Postgres runs as the `postgres` user when we are root (initdb refuses root). Both run in
 * their own process group through proc.js, so they are stopped on exit, SIGINT and SIGTERM too.
 */
const { execFileSync } = require('node:child_process');
const { randomBytes } = require('node:crypto');
const fs = require('node:fs');
const path = require('node:path');

const { freePort } = require('./env');
const { run, startBackground, stopBackground } = require('./proc');

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** The newest /usr/lib/postgresql/<major>/bin (BRIQPAY_PG_BIN overrides it). */
function postgresBinDir() {
	if (process.env.BRIQPAY_PG_BIN) return process.env.BRIQPAY_PG_BIN;
	const root = '/usr/lib/postgresql';
	const majors = fs.existsSync(root)
		? fs
				.readdirSync(root)
				.filter((v) => fs.existsSync(path.join(root, v, 'bin', 'postgres')))
				.sort((a, b) => Number(b) - Number(a))
		: [];
	if (!majors.length) {
		throw new Error('Postgres is not installed: run scripts/setup-queue-deps.sh (as root)');
	}
	return path.join(root, majors[0], 'bin');
}

/** As root: the command runs as `postgres` (setpriv execs it, so the pid stays the server's). */
function asPostgres(cmd, args) {
	if (process.getuid?.() !== 0) return [cmd, args];
	return [
		'setpriv',
		['--reuid=postgres', '--regid=postgres', '--init-groups', '--reset-env', '--', cmd, ...args],
	];
}

async function waitFor(check, { timeoutMs, what, proc }) {
	const until = Date.now() + timeoutMs;
	while (Date.now() < until) {
		if (await check()) return;
		const exited = await Promise.race([proc.exited, sleep(200).then(() => undefined)]);
		if (exited) throw new Error(`${what} exited (code ${exited.code}); log: ${proc.logFile}`);
	}
	throw new Error(`${what} was not ready after ${timeoutMs / 1000} s; log: ${proc.logFile}`);
}

/**
 * initdb + postgres in `dir` (created, owned by postgres when root), password authentication over
 * TCP, then `create database <database>`. Resolves {host, port, user, password, database, psql, stop}.
 */
async function startPostgres({ dir, logFile, database = 'n8n' }) {
	const bin = postgresBinDir();
	fs.mkdirSync(path.dirname(dir), { recursive: true });
	fs.mkdirSync(dir, { mode: 0o700 });
	const data = path.join(dir, 'data');
	const sockets = path.join(dir, 'run');
	fs.mkdirSync(sockets, { recursive: true });
	const password = `pg-${randomBytes(12).toString('hex')}`;
	const pwfile = path.join(dir, 'pwfile');
	fs.writeFileSync(pwfile, `${password}\n`, { mode: 0o600 });
	if (process.getuid?.() === 0) {
		execFileSync('chown', ['-R', 'postgres:postgres', dir]);
	}
	const [initCmd, initArgs] = asPostgres(path.join(bin, 'initdb'), [
		'-D',
		data,
		'-U',
		'postgres',
		'-E',
		'UTF8',
		'--locale=C',
		'--auth-local=trust',
		'--auth-host=scram-sha-256',
		`--pwfile=${pwfile}`,
		'--no-instructions',
	]);
	await run(initCmd, initArgs, { log: logFile, timeoutMs: 120000 });
	fs.rmSync(pwfile, { force: true });

	const port = await freePort();
	const [cmd, args] = asPostgres(path.join(bin, 'postgres'), [
		'-D',
		data,
		'-p',
		String(port),
		'-k',
		sockets,
		'-c',
		'listen_addresses=127.0.0.1',
		'-c',
		'max_connections=200',
		// A throw-away cluster: no need to survive a power cut.
		'-c',
		'fsync=off',
		'-c',
		'synchronous_commit=off',
		'-c',
		'full_page_writes=off',
	]);
	const proc = startBackground('postgres', cmd, args, { logFile });
	proc.logFile = logFile;
	const server = { host: '127.0.0.1', port, user: 'postgres', password, proc };
	server.psql = (sql, { db = 'postgres' } = {}) => psql(server, sql, { db });
	await waitFor(async () => (await psql(server, 'select 1', { allowFailure: true })).code === 0, {
		timeoutMs: 60000,
		what: 'postgres',
		proc,
	});
	await server.psql(`create database ${database}`);
	server.database = database;
	server.stop = () => stopBackground(proc, { timeoutMs: 20000, signal: 'SIGINT' });
	return server;
}

/** Runs SQL with the psql CLI; resolves the rows as arrays of strings (unaligned, tab-separated). */
async function psql(server, sql, { db = 'postgres', allowFailure = false } = {}) {
	const result = await run(
		'psql',
		[
			'-X',
			'-q',
			'-A',
			'-t',
			'-F',
			'\t',
			'-v',
			'ON_ERROR_STOP=1',
			'-h',
			server.host,
			'-p',
			String(server.port),
			'-U',
			server.user,
			'-d',
			db,
			'-c',
			sql,
		],
		{ env: { ...process.env, PGPASSWORD: server.password, PGCONNECT_TIMEOUT: '5' }, allowFailure },
	);
	if (allowFailure) return result;
	return result.stdout
		.split('\n')
		.filter((line) => line !== '')
		.map((line) => line.split('\t'));
}

/** redis-server without persistence. Resolves {host, port, stop}. */
async function startRedis({ dir, logFile }) {
	fs.mkdirSync(dir, { recursive: true });
	const port = await freePort();
	const proc = startBackground(
		'redis',
		'redis-server',
		[
			'--port',
			String(port),
			'--bind',
			'127.0.0.1',
			'--save',
			'',
			'--appendonly',
			'no',
			'--dir',
			dir,
		],
		{ logFile },
	);
	proc.logFile = logFile;
	await waitFor(
		async () =>
			(
				await run('redis-cli', ['-h', '127.0.0.1', '-p', String(port), 'ping'], {
					allowFailure: true,
				})
			).stdout.trim() === 'PONG',
		{ timeoutMs: 30000, what: 'redis-server', proc },
	);
	return {
		host: '127.0.0.1',
		port,
		proc,
		stop: () => stopBackground(proc, { timeoutMs: 10000 }),
	};
}

module.exports = { startPostgres, startRedis, psql, postgresBinDir };
