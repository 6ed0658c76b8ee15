'use strict';

/**
 * n8n in queue mode on one machine: Postgres + Redis (services.js), then `n8n start` (main), one
 * `n8n worker` and two `n8n webhook` processors (A and B). Each process has its own user folder with
 * the package installed the way n8n installs community packages, its own ports, and shares the
 * database, the queue, N8N_ENCRYPTION_KEY and the public webhook URL with the others.
 *
 *   const q = new QueueCluster({ dir });
 *   await q.startServices();                       // Postgres, Redis
 *   await q.prepare({ tarball });                  // ports, environments, package into 4 user folders
 *   await q.importCredentials([...]); await q.importWorkflows([...], { publish: [ids] });
 *   await q.start({ webhookPaths: ['<webhookId>/webhook'] });   // main, worker, A, B; webhooks live on A and B
 *   q.webhookUrl('A', path) ... q.rest (main's REST API, owner logged in) ... q.logOf('worker')
 *   await q.restart('A');                          // one process stopped and started again
 *   await q.stop();                                // n8n processes, then Redis and Postgres
 */
const fs = require('node:fs');
const path = require('node:path');

const { n8nEnv, freePort } = require('./env');
const n8n = require('./n8n');
const pkg = require('./package');
const { onSignal, sharedStop, timed } = require('./proc');
const { N8nRest } = require('./rest');
const { startPostgres, startRedis } = require('./services');

const ROLES = ['main', 'worker', 'A', 'B'];
const COMMANDS = { main: 'start', worker: 'worker', A: 'webhook', B: 'webhook' };

class QueueCluster {
	constructor({ dir, owner, logLevel = 'debug' }) {
		this.dir = dir;
		// Postgres runs as `postgres` and must reach dir/services/postgres.
		fs.chmodSync(dir, 0o711);
		this.logsDir = path.join(dir, 'logs');
		this.workDir = path.join(dir, 'work');
		for (const d of [this.logsDir, this.workDir]) fs.mkdirSync(d, { recursive: true });
		this.commandsLog = path.join(this.logsDir, 'commands.log');
		this.owner = owner;
		this.logLevel = logLevel;
		this.procs = {};
		this.timings = {};
		this._offSignal = onSignal(() => this.stop());
	}

	_timed(name, fn) {
		return timed(this.timings, name, fn);
	}

	logOf(role) {
		return path.join(this.logsDir, `${role}.log`);
	}

	userFolderOf(role) {
		return path.join(this.dir, role, 'n8n');
	}

	async startServices() {
		this.postgres = await this._timed('postgres', () =>
			startPostgres({
				dir: path.join(this.dir, 'services', 'postgres'),
				logFile: this.logOf('postgres'),
			}),
		);
		this.redis = await this._timed('redis', () =>
			startRedis({ dir: path.join(this.dir, 'services', 'redis'), logFile: this.logOf('redis') }),
		);
	}

	/** Ports and environments of the four processes; the package installed into each user folder. */
	async prepare({ tarball }) {
		const taken = new Set([this.postgres.port, this.redis.port]);
		const port = async () => {
			let p = await freePort();
			while (taken.has(p)) p = await freePort();
			taken.add(p);
			return p;
		};
		const ports = {};
		for (const role of ROLES) ports[role] = { n8n: await port(), broker: await port() };
		const healthPort = await port();
		const common = {
			EXECUTIONS_MODE: 'queue',
			QUEUE_BULL_REDIS_HOST: this.redis.host,
			QUEUE_BULL_REDIS_PORT: String(this.redis.port),
			DB_TYPE: 'postgresdb',
			DB_POSTGRESDB_HOST: this.postgres.host,
			DB_POSTGRESDB_PORT: String(this.postgres.port),
			DB_POSTGRESDB_DATABASE: this.postgres.database,
			DB_POSTGRESDB_USER: this.postgres.user,
			DB_POSTGRESDB_PASSWORD: this.postgres.password,
			// n8n's default pool (2 connections per process) makes a burst of hooks on one processor
			// wait for connections until n8n gives up on some (the trigger then answers 503).
			DB_POSTGRESDB_POOL_SIZE: '10',
			// The public address of the webhooks (a load balancer in front of A and B in production).
			N8N_WEBHOOK_URL: `http://127.0.0.1:${ports.A.n8n}/`,
			N8N_LOG_LEVEL: this.logLevel,
			N8N_GRACEFUL_SHUTDOWN_TIMEOUT: '10',
		};
		const own = {
			worker: {
				QUEUE_HEALTH_CHECK_ACTIVE: 'true',
				QUEUE_HEALTH_CHECK_PORT: String(healthPort),
				N8N_WORKER_SERVER_ADDRESS: '127.0.0.1',
			},
		};
		this.env = {};
		for (const role of ROLES) {
			const userFolder = this.userFolderOf(role);
			fs.mkdirSync(userFolder, { recursive: true });
			this.env[role] = n8nEnv({
				userFolder,
				port: ports[role].n8n,
				brokerPort: ports[role].broker,
				extra: { ...common, ...own[role] },
			});
		}
		this.healthUrl = `http://127.0.0.1:${healthPort}`;
		this.baseUrl = n8n.baseUrlOf(this.env.main);
		this.webhookBaseUrl = common.N8N_WEBHOOK_URL;
		await this._timed('install', async () => {
			for (const role of ROLES) {
				await pkg.installPackage(tarball, this.userFolderOf(role), { log: this.commandsLog });
			}
		});
	}

	/** n8n import:credentials into the shared database (encrypted with the shared key). */
	async importCredentials(credentials) {
		await this._timed('import', () =>
			n8n.importCredentials(this.env.main, credentials, {
				workDir: this.workDir,
				log: this.commandsLog,
			}),
		);
	}

	async importWorkflows(workflows, { publish = [] } = {}) {
		await this._timed('import', () =>
			n8n.importWorkflows(this.env.main, workflows, {
				workDir: this.workDir,
				log: this.commandsLog,
			}),
		);
		for (const id of publish) {
			await this._timed('publish', () =>
				n8n.publishWorkflow(this.env.main, id, { log: this.commandsLog }),
			);
		}
	}

	/** The production URL of a webhook on processor A or B (or main). */
	webhookUrl(role, webhookPath) {
		return `${n8n.baseUrlOf(this.env[role])}/webhook/${webhookPath}`;
	}

	/** Starts main (migrations, activation), the worker, then A and B; waits until each is ready. */
	async start({ webhookPaths = [] } = {}) {
		this.webhookPaths = webhookPaths;
		for (const role of ROLES) await this._startRole(role);
		this.rest = new N8nRest(this.baseUrl);
		if (this.owner) await this.rest.ensureOwner(this.owner);
	}

	/** Stops one process and starts it again (a restart: nothing of its memory survives). */
	async restart(role) {
		const proc = this.procs[role];
		this.procs[role] = undefined;
		if (proc) await n8n.stopN8n(proc, { timeoutMs: 20000 });
		await this._startRole(role);
	}

	async _startRole(role) {
		await this._timed(`${role} ready`, async () => {
			const proc = n8n.startN8n(this.env[role], {
				logFile: this.logOf(role),
				command: COMMANDS[role],
			});
			this.procs[role] = proc;
			if (role === 'worker') proc.baseUrl = this.healthUrl;
			await n8n.waitReady(proc, { timeoutMs: 180000, rest: role === 'main' });
			if (role === 'A' || role === 'B') {
				for (const p of this.webhookPaths ?? [])
					await n8n.waitWebhook(proc, this.webhookUrl(role, p));
			}
		});
	}

	/** Stops the n8n processes (webhooks first, main last), then Redis and Postgres. */
	stop() {
		return sharedStop(this, async () => {
			for (const role of ['A', 'B', 'worker', 'main']) {
				const proc = this.procs[role];
				this.procs[role] = undefined;
				if (proc) await n8n.stopN8n(proc, { timeoutMs: 20000 });
			}
			const { redis, postgres } = this;
			this.redis = undefined;
			this.postgres = undefined;
			if (redis) await redis.stop();
			if (postgres) await postgres.stop();
		});
	}

	dispose() {
		this._offSignal?.();
	}
}

module.exports = { QueueCluster };
