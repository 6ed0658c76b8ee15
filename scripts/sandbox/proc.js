'use strict';

/**
 * Child processes of the sandbox: run a command to completion, start a long-running one in its own
 * process group, stop it (SIGTERM to the group, then SIGKILL), and never leave one behind: every
 * started process is stopped on exit, SIGINT and SIGTERM of this process.
 */
const { spawn } = require('node:child_process');
const fs = require('node:fs');

/** Long-running children still alive: pid -> {name, group}. */
const live = new Map();
/** Async clean-ups to run on SIGINT/SIGTERM before exiting (stop n8n gracefully, then the fake). */
const onSignalCleanups = new Set();
let handlersInstalled = false;
let signalled = false;

function alive(pid) {
	try {
		process.kill(pid, 0);
		return true;
	} catch (error) {
		return error.code === 'EPERM';
	}
}

function signal(pid, group, sig) {
	try {
		process.kill(group ? -pid : pid, sig);
		return true;
	} catch {
		return false;
	}
}

/** Last resort (process 'exit'): synchronous, so only signals can be sent. */
function killAllSync(sig = 'SIGTERM') {
	for (const [pid, { group }] of live) signal(pid, group, sig);
}

function installHandlers() {
	if (handlersInstalled) return;
	handlersInstalled = true;
	process.on('exit', () => killAllSync('SIGTERM'));
	for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
		process.on(sig, () => {
			if (signalled) {
				// Second Ctrl+C: do not wait for anything.
				killAllSync('SIGKILL');
				process.exit(sig === 'SIGINT' ? 130 : sig === 'SIGHUP' ? 129 : 143);
			}
			signalled = true;
			const cleanups = [...onSignalCleanups];
			Promise.allSettled(cleanups.map((fn) => fn(sig))).finally(() => {
				killAllSync('SIGTERM');
				process.exit(sig === 'SIGINT' ? 130 : sig === 'SIGHUP' ? 129 : 143);
			});
		});
	}
}

/** Runs fn(signalName) (async) when this process gets SIGINT/SIGTERM, before it exits. */
function onSignal(fn) {
	installHandlers();
	onSignalCleanups.add(fn);
	return () => onSignalCleanups.delete(fn);
}

/**
 * Runs a command to completion. Output goes to `log` (a file path, appended) or is captured.
 * Resolves {code, stdout, stderr}; rejects with the output's tail when the exit code is not 0
 * (unless allowFailure).
 */
function run(cmd, args, { cwd, env, log, allowFailure = false, input, timeoutMs } = {}) {
	installHandlers();
	return new Promise((resolve, reject) => {
		const child = spawn(cmd, args, { cwd, env, stdio: ['pipe', 'pipe', 'pipe'] });
		live.set(child.pid, { name: `${cmd} ${args[0] ?? ''}`, group: false });
		let stdout = '';
		let stderr = '';
		const logStream = log ? fs.createWriteStream(log, { flags: 'a' }) : undefined;
		if (logStream) logStream.write(`\n$ ${[cmd, ...args].join(' ')}\n`);
		child.stdout.on('data', (d) => {
			stdout += d;
			logStream?.write(d);
		});
		child.stderr.on('data', (d) => {
			stderr += d;
			logStream?.write(d);
		});
		let timer;
		if (timeoutMs) {
			timer = setTimeout(() => {
				stderr += `\n[killed after ${timeoutMs} ms]`;
				child.kill('SIGKILL');
			}, timeoutMs);
		}
		child.on('error', (error) => {
			clearTimeout(timer);
			live.delete(child.pid);
			logStream?.end();
			reject(error);
		});
		child.on('close', (code, sig) => {
			clearTimeout(timer);
			live.delete(child.pid);
			logStream?.end();
			const result = { code: code ?? (sig ? 128 : 1), stdout, stderr };
			if (result.code !== 0 && !allowFailure) {
				const tail = `${stdout}\n${stderr}`.trim().split('\n').slice(-30).join('\n');
				const error = new Error(
					`${[cmd, ...args].join(' ')} exited with ${code ?? sig}${log ? ` (log: ${log})` : ''}\n${tail}`,
				);
				error.result = result;
				return reject(error);
			}
			resolve(result);
		});
		if (input !== undefined) child.stdin.end(input);
		else child.stdin.end();
	});
}

/**
 * Starts a long-running process in its own process group (so it and its children can be stopped
 * together), stdout+stderr to `logFile`. Returns {pid, child, exited: Promise<{code, signal}>}.
 */
function startBackground(name, cmd, args, { cwd, env, logFile, stdout = 'log' } = {}) {
	installHandlers();
	const out = fs.openSync(logFile, 'a');
	const child = spawn(cmd, args, {
		cwd,
		env,
		detached: true,
		stdio: ['ignore', stdout === 'pipe' ? 'pipe' : out, out],
	});
	fs.closeSync(out);
	live.set(child.pid, { name, group: true });
	const exited = new Promise((resolve) => {
		child.on('exit', (code, sig) => {
			live.delete(child.pid);
			resolve({ code, signal: sig });
		});
		child.on('error', (error) => {
			live.delete(child.pid);
			resolve({ code: null, signal: null, error });
		});
	});
	return { name, pid: child.pid, child, exited };
}

/** SIGTERM (or `signal`) the process group, wait up to timeoutMs, then SIGKILL it. */
async function stopBackground(proc, { timeoutMs = 20000, signal: sig = 'SIGTERM' } = {}) {
	if (!proc || !live.has(proc.pid)) {
		if (proc) signal(proc.pid, true, 'SIGKILL'); // stray children of an exited leader
		return;
	}
	signal(proc.pid, true, sig);
	const done = await Promise.race([
		proc.exited.then(() => true),
		new Promise((resolve) => setTimeout(() => resolve(false), timeoutMs).unref()),
	]);
	if (!done) {
		signal(proc.pid, true, 'SIGKILL');
		await proc.exited;
	}
	// Anything left in the group (n8n's task runner) goes too.
	signal(proc.pid, true, 'SIGKILL');
}

/**
 * Runs `stop` on `owner` one at a time: a call while a stop is under way (a signal handler and
 * the caller at once) shares that stop instead of starting another.
 */
function sharedStop(owner, stop) {
	if (!owner._stopping) {
		owner._stopping = stop().finally(() => {
			owner._stopping = undefined;
		});
	}
	return owner._stopping;
}

/** Runs `fn` and adds how long it took (ms) to `timings[name]`. */
async function timed(timings, name, fn) {
	const started = Date.now();
	try {
		return await fn();
	} finally {
		timings[name] = (timings[name] ?? 0) + (Date.now() - started);
	}
}

module.exports = {
	timed,
	run,
	startBackground,
	stopBackground,
	onSignal,
	alive,
	killAllSync,
	sharedStop,
};
