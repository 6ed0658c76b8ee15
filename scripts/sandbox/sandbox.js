'use strict';

/**
 * One sandbox: a pinned n8n with n8n-nodes-briqpay installed as a community package, and the
 * Briqpay stand-in, all on 127.0.0.1. `npm start` (scripts/start.js) and the end-to-end tests
 * (test/e2e) both drive it through this class:
 *
 *   const sb = new Sandbox({ dir, n8nPort, fakePort, username, secret, owner, line });
 *   await sb.installPackage({ build: true });      // npm run build, npm pack, install like n8n
 *   await sb.startFake();                           // test/fake-briqpay/cli.js --seed
 *   await sb.importCredentials([...]);              // n8n import:credentials (encrypted on import)
 *   await sb.importWorkflows([...], { publish });   // n8n import:workflow + activate (lines.js)
 *   await sb.startN8n({ waitForWebhooks });         // n8n start, readiness, webhooks, owner login
 *   ... sb.rest (REST client), sb.fake.control (stand-in control) ...
 *   await sb.stop();
 *
 * Layout of `dir`: n8n/ (N8N_USER_FOLDER: n8n/.n8n holds the database, the installed package,
 * config), logs/ (n8n.log, fake.log, commands.log, build.log), work/ (tarball, import files).
 * Every process is stopped by stop(), and on exit, SIGINT and SIGTERM of this process.
 * `line` ('1.123', '2.41', see lines.js) picks the n8n; default: N8N_LINE, else the `npm start` line.
 */
const fs = require('node:fs');
const path = require('node:path');

const db = require('./db');
const { n8nEnv, freePort, portInUse, webhookBaseOf } = require('./env');
const { resolveLine } = require('./lines');
const { startFake, stopFake } = require('./fake');
const n8n = require('./n8n');
const pkg = require('./package');
const { onSignal, sharedStop, timed } = require('./proc');
const { N8nRest } = require('./rest');

class Sandbox {
	constructor({
		dir,
		n8nPort = 0,
		fakePort = 0,
		username,
		secret,
		owner,
		log = () => {},
		envExtra = {},
		line,
	}) {
		this.line = resolveLine(line || undefined);
		this.dir = dir;
		this.userFolder = path.join(dir, 'n8n');
		this.logsDir = path.join(dir, 'logs');
		this.workDir = path.join(dir, 'work');
		for (const d of [this.userFolder, this.logsDir, this.workDir])
			fs.mkdirSync(d, { recursive: true });
		this.commandsLog = path.join(this.logsDir, 'commands.log');
		this.n8nLog = path.join(this.logsDir, 'n8n.log');
		this.fakeLog = path.join(this.logsDir, 'fake.log');
		this.wantN8nPort = n8nPort;
		this.wantFakePort = fakePort;
		this.username = username;
		this.secret = secret;
		this.owner = owner;
		this.log = log;
		this.envExtra = envExtra;
		this.published = [];
		this.timings = {};
		this._offSignal = onSignal(() => this.stop());
	}

	_timed(name, fn) {
		return timed(this.timings, name, fn);
	}

	/** Ports and environment, fixed for the life of this object (env.js). */
	async prepareEnv() {
		if (this.env) return this.env;
		const n8nPort = this.wantN8nPort || (await freePort());
		if (await portInUse(n8nPort)) {
			throw new Error(`port ${n8nPort} on 127.0.0.1 is in use (another sandbox or n8n running?)`);
		}
		let brokerPort = await freePort();
		while (brokerPort === n8nPort) brokerPort = await freePort();
		this.env = n8nEnv({
			userFolder: this.userFolder,
			port: n8nPort,
			brokerPort,
			extra: this.envExtra,
			line: this.line,
		});
		this.baseUrl = `http://127.0.0.1:${n8nPort}`;
		this.webhookBaseUrl = webhookBaseOf(this.env);
		return this.env;
	}

	/** Build (optional), pack, and install the package into the user folder like n8n does. */
	async installPackage({ build = true } = {}) {
		if (build) {
			await this._timed('build', () =>
				pkg.buildPackage({ log: path.join(this.logsDir, 'build.log') }),
			);
		}
		return await this._timed('install', async () => {
			const tarball = await pkg.packPackage(path.join(this.workDir, 'pack'), {
				log: this.commandsLog,
			});
			this.installed = await pkg.installPackage(tarball, this.userFolder, {
				log: this.commandsLog,
			});
			this.installed.tarball = tarball;
			return this.installed;
		});
	}

	async startFake({ seed = true, extraArgs } = {}) {
		if (this.wantFakePort && (await portInUse(this.wantFakePort))) {
			throw new Error(
				`port ${this.wantFakePort} on 127.0.0.1 is in use (another sandbox running?)`,
			);
		}
		this.fake = await this._timed('fake', () =>
			startFake({
				port: this.wantFakePort,
				username: this.username,
				secret: this.secret,
				seed,
				logFile: this.fakeLog,
				extraArgs,
			}),
		);
		this.fake.username = this.username;
		this.fake.secret = this.secret;
		return this.fake;
	}

	/** Ids already in n8n's database (a reused sandbox). */
	async existing() {
		return await db.existingIds(this.userFolder, { line: this.line });
	}

	async importCredentials(credentials) {
		if (!credentials.length) return;
		await this.prepareEnv();
		await this._timed('import', () =>
			n8n.importCredentials(this.env, credentials, {
				workDir: this.workDir,
				log: this.commandsLog,
				line: this.line,
			}),
		);
	}

	/** Imports workflows (one command), then publishes the ids in `publish` (one command each). */
	async importWorkflows(workflows, { publish = [] } = {}) {
		await this.prepareEnv();
		if (workflows.length) {
			await this._timed('import', () =>
				n8n.importWorkflows(this.env, workflows, {
					workDir: this.workDir,
					log: this.commandsLog,
					line: this.line,
				}),
			);
		}
		for (const id of publish) {
			await this._timed('publish', () =>
				n8n.publishWorkflow(this.env, id, { log: this.commandsLog, line: this.line }),
			);
		}
	}

	/**
	 * `n8n start`, then wait for readiness, for each webhook URL in `waitForWebhooks` (published
	 * triggers; activation finishes after readiness in 2.40), and set up or log in the owner.
	 */
	async startN8n({ waitForWebhooks = [] } = {}) {
		await this.prepareEnv();
		this.n8n = n8n.startN8n(this.env, { logFile: this.n8nLog, line: this.line });
		await this._timed('n8n ready', () => n8n.waitReady(this.n8n));
		await this._timed('webhooks', async () => {
			for (const url of waitForWebhooks) await n8n.waitWebhook(this.n8n, url);
		});
		this.rest = new N8nRest(this.baseUrl, { line: this.line });
		if (this.owner) {
			this.ownerResult = await this._timed('owner', () => this.rest.ensureOwner(this.owner));
		}
		return this.n8n;
	}

	/** A new REST client logged in as the owner. */
	async login() {
		const rest = new N8nRest(this.baseUrl, { line: this.line });
		await rest.login(this.owner);
		return rest;
	}

	async stopN8n() {
		const proc = this.n8n;
		this.n8n = undefined;
		if (proc) await n8n.stopN8n(proc);
	}

	/** Stops n8n, then the stand-in. Concurrent calls (signal handlers) share one stop. */
	stop() {
		return sharedStop(this, async () => {
			await this.stopN8n();
			const fake = this.fake;
			this.fake = undefined;
			if (fake) await stopFake(fake);
		});
	}

	dispose() {
		this._offSignal?.();
	}
}

module.exports = { Sandbox };
