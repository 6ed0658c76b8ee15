#!/usr/bin/env node
'use strict';

/**
 * `npm run screenshots`: the README's pictures of the example workflows and of two node panels,
 * taken headless with Chromium from a real n8n (the sandbox of `npm start`, in its own folder).
 *
 *   npm run screenshots                      # every picture into docs/images/
 *   npm run screenshots -- --only payment-link,trigger-production-url
 *   npm run screenshots -- --keep            # leave n8n running afterwards (Ctrl+C stops it)
 *
 * Needs: `npm run build` done (dist/ is packed as it is, never rebuilt here), Debian's Chromium
 * (`apt-get install -y chromium`, or CHROMIUM=/path/to/chrome), and tools/screenshots installed
 * (`npm ci` there; done automatically the first time). See tools/screenshots/README.md.
 *
 * 1. a fresh sandbox in .sandbox-shots/ on free ports (never collides with `npm start` or the
 *    tests): the package packed and installed like n8n installs it, the Briqpay stand-in, the
 *    credential, the examples (examples/*.json), "capture the order when it is approved" published;
 * 2. n8n started, the owner created; Chromium logs in through the sign-in page;
 * 3. each example opened in the editor (/workflow/<id>), waited for until every node is drawn,
 *    zoomed to fit, saved as docs/images/<example>.png; then the panels of Token → Charge and of the
 *    Briqpay Trigger (Production URL shown);
 * 4. Chromium, n8n and the stand-in stopped, also on failure or Ctrl+C.
 *
 * The editor shows n8n's webhook addresses as `npm start` does by default (http://127.0.0.1:5678/),
 * whatever port this n8n really listens on, so the pictures match the README and the examples.
 */
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const sb = require('./sandbox');

const ROOT = sb.ROOT;
const SHOTS_DIR = path.join(ROOT, '.sandbox-shots');
const OUT_DIR = path.join(ROOT, 'docs', 'images');
const TOOL_DIR = path.join(ROOT, 'tools', 'screenshots');
const PLAYWRIGHT = path.join(TOOL_DIR, 'node_modules', 'playwright-core');
const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
const VIEWPORT = { width: 1440, height: 900 };
const OWNER = { email: 'screenshots@example.com', password: 'Briqpay-Screenshots-1' };
/** What the editor shows as n8n's address in webhook URLs: `npm start`'s default. */
const SHOWN_WEBHOOK_BASE = sb.EXAMPLE_WEBHOOK_BASE;
/** Without these, Chromium keeps trying to reach Google's servers (closed network here). */
const CHROMIUM_ARGS = [
	'--no-sandbox',
	'--disable-gpu',
	'--disable-quic',
	'--no-first-run',
	'--disable-background-networking',
	'--disable-component-update',
	'--disable-sync',
	'--disable-default-apps',
	'--disable-extensions',
	'--hide-scrollbars',
	'--font-render-hinting=none',
];
/** Hidden in every picture: toasts, banners and the AI assistant's floating button. */
const HIDE_CSS = `
	.el-notification, [role="alert"].el-notification, [data-test-id="banner-stack"],
	[data-test-id="ask-assistant-floating-button"], [data-test-id="nps-survey-modal"],
	.vue-flow__minimap { display: none !important; }
	*, *::before, *::after { caret-color: transparent !important; }
`;

const say = (line = '') => process.stdout.write(`${line}\n`);
const step = (line) => say(`[screenshots] ${line}`);
const seconds = (ms) => `${(ms / 1000).toFixed(1)} s`;
const rel = (p) => path.relative(process.cwd(), p) || '.';

/** The pictures: one per example workflow, then two node panels. */
function plan(examples) {
	const shots = Object.entries(sb.EXAMPLES).map(([key, file]) => ({
		name: path.basename(file, '.json'),
		kind: 'workflow',
		workflow: examples[key],
	}));
	shots.push({
		name: 'token-charge-panel',
		kind: 'panel',
		workflow: examples.recharge,
		node: 'Charge saved card',
		expect: ['Skip If Already Charged', 'Charge Reference'],
	});
	shots.push({
		name: 'slack-alert-fields',
		kind: 'panel',
		workflow: slackWithSampleEvent(examples.slackAlert),
		node: 'Send to Slack',
		expect: ['statusLabel', 'Order approved, not captured'],
	});
	shots.push({
		name: 'refund-capture-dropdown',
		kind: 'panel',
		workflow: refundWorkflow,
		node: 'Refund',
		dropdown: 'Capture ID',
		expect: ['refundable'],
	});
	shots.push({
		name: 'trigger-production-url',
		kind: 'panel',
		workflow: examples.captureOnApproval,
		node: 'Order approved',
		webhookUrls: 'production',
		expect: ['Production URL', 'Briqpay sends events only to URLs listed on each session'],
	});
	return shots;
}

/**
 * The Slack example with one event the trigger emitted pinned on the trigger (the shape of
 * README's "What confirmed means"), so the Slack node's panel shows the alert fields and the text
 * they make.
 */
function slackWithSampleEvent(example) {
	const sessionId = 'c5674f4f-7e84-405c-a44b-c83736bb7209';
	const event = {
		event: 'order_status',
		status: 'order_approved_not_captured',
		confirmed: true,
		sessionId,
		eventKey: `${sessionId}:order_status:order_approved_not_captured`,
		orderReference: 'ORDER-2001',
		amount: '311.25 SEK',
		statusLabel: 'Order approved, not captured',
		customerName: 'Acme AB',
		paymentMethod: 'Invoice',
		backOfficeUrl: `https://app.briqpay.com/dashboard/sessions/orders/${sessionId}?test=1&merchantId=…`,
	};
	return {
		...example,
		id: 'bqShotSlackPin01',
		name: 'Briqpay: Slack alert (a sample event pinned)',
		pinData: { 'Briqpay Trigger': [{ json: event }] },
	};
}

/** Order → Refund on a captured session of the stand-in, for the Capture ID list (filled in main()). */
const refundWorkflow = {
	id: 'bqShotRefundList',
	name: 'Briqpay: refund (Capture ID list)',
	nodes: [],
	connections: {},
	settings: { executionOrder: 'v1' },
};

function fillRefundWorkflow(sessionId) {
	refundWorkflow.nodes = [
		{
			id: '0f5a1b7e-3c8d-4e5f-9a0b-5c2d3e4f5a01',
			name: 'Refund',
			type: 'n8n-nodes-briqpay.briqpay',
			typeVersion: 1,
			position: [0, 0],
			parameters: {
				resource: 'order',
				operation: 'refund',
				sessionId,
				refundBy: 'amount',
				captureId: { __rl: true, mode: 'list', value: '' },
			},
			credentials: { briqpayApi: sb.SANDBOX_CREDENTIAL },
		},
	];
}

class UsageError extends Error {}

function parseArgs(argv) {
	const opts = { only: undefined, keep: false };
	for (let i = 0; i < argv.length; i++) {
		const arg = argv[i];
		if (arg === '--keep') opts.keep = true;
		else if (arg === '--only')
			opts.only = String(argv[++i] ?? '')
				.split(',')
				.filter(Boolean);
		else if (arg.startsWith('--only=')) opts.only = arg.slice(7).split(',').filter(Boolean);
		else if (arg === '--help' || arg === '-h') opts.help = true;
		else throw new UsageError(`unknown option ${arg} (see --help)`);
	}
	return opts;
}

// ------------------------------------------------------------------ prerequisites

function checkDist() {
	const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
	const entries = [...pkg.n8n.nodes, ...(pkg.n8n.credentials ?? [])];
	const missing = entries.filter((file) => !fs.existsSync(path.join(ROOT, file)));
	if (missing.length) {
		throw new UsageError(
			`dist/ is missing or incomplete (${missing.join(', ')}): run \`npm run build\` first (this script packs dist/ as it is and never rebuilds it)`,
		);
	}
	if (sb.buildIsStale()) {
		step(
			'note: dist/ is older than the sources; run `npm run build` for pictures of the current code',
		);
	}
}

function checkN8n() {
	if (!fs.existsSync(sb.NODE24) || !fs.existsSync(sb.N8N_BIN)) {
		throw new UsageError(
			'the pinned n8n is not installed: run `node scripts/setup-n8n.js` (or `npm start` once) first',
		);
	}
}

function checkChromium() {
	if (!fs.existsSync(CHROMIUM)) {
		throw new UsageError(
			`no Chromium at ${CHROMIUM}: install Debian's (\`sudo apt-get install -y chromium\`) or set CHROMIUM=/path/to/chromium`,
		);
	}
}

/** tools/screenshots/node_modules (playwright-core, no browser download): `npm ci` if missing. */
async function ensurePlaywright() {
	const wanted = JSON.parse(fs.readFileSync(path.join(TOOL_DIR, 'package.json'), 'utf8'))
		.dependencies['playwright-core'];
	let installed;
	try {
		installed = JSON.parse(fs.readFileSync(path.join(PLAYWRIGHT, 'package.json'), 'utf8')).version;
	} catch {
		installed = undefined;
	}
	if (installed !== wanted) {
		step(
			`installing playwright-core ${wanted} into ${rel(TOOL_DIR)} (npm ci; no browser download)`,
		);
		const env = { ...process.env };
		for (const key of Object.keys(env)) if (key.startsWith('npm_')) delete env[key];
		// The library never downloads a browser; this only makes sure nothing tries.
		env.PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD = '1';
		await sb.run(process.platform === 'win32' ? 'npm.cmd' : 'npm', ['ci'], {
			cwd: TOOL_DIR,
			env,
			log: path.join(SHOTS_DIR, 'logs', 'npm-ci.log'),
		});
	}
	return require(PLAYWRIGHT);
}

/** Another `npm run screenshots` still running in .sandbox-shots/? */
function refuseIfRunning() {
	const file = path.join(SHOTS_DIR, 'owner.pid');
	let pid;
	try {
		pid = Number(fs.readFileSync(file, 'utf8'));
	} catch {
		return;
	}
	if (pid && pid !== process.pid && sb.alive(pid)) {
		let cmd = '';
		try {
			cmd = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8');
		} catch {
			// not readable: assume it is ours
		}
		if (!cmd || cmd.includes('screenshots.js')) {
			throw new UsageError(
				`another \`npm run screenshots\` (pid ${pid}) is using ${rel(SHOTS_DIR)}; wait for it or stop it`,
			);
		}
	}
}

// ------------------------------------------------------------------ the browser

async function launch(chromium, userDataDir) {
	const context = await chromium.launchPersistentContext(userDataDir, {
		executablePath: CHROMIUM,
		headless: true,
		args: CHROMIUM_ARGS,
		viewport: VIEWPORT,
		deviceScaleFactor: 1,
		locale: 'en-US',
		timezoneId: 'Europe/Stockholm',
		colorScheme: 'light',
		reducedMotion: 'reduce',
		// Playwright's own handlers would exit at once; ours close Chromium, then n8n and the stand-in.
		handleSIGINT: false,
		handleSIGTERM: false,
		handleSIGHUP: false,
	});
	await context.addInitScript((css) => {
		const add = () => {
			const style = document.createElement('style');
			style.setAttribute('data-screenshots', '');
			style.textContent = css;
			document.head.appendChild(style);
		};
		if (document.head) add();
		else document.addEventListener('DOMContentLoaded', add);
	}, HIDE_CSS);
	const page = context.pages()[0] ?? (await context.newPage());
	page.setDefaultTimeout(30000);
	return { context, page };
}

async function signIn(page, baseUrl) {
	await page.goto(`${baseUrl}/signin`);
	await page.locator('#emailOrLdapLoginId').fill(OWNER.email);
	await page.locator('#password').fill(OWNER.password);
	await page.locator('[data-test-id="form-submit-button"]').click();
	await page.waitForURL((url) => !url.pathname.startsWith('/signin'), { timeout: 30000 });
}

/** Dismisses what may pop up over the editor: modals, toasts, the "what's new" panel. */
async function dismissPopups(page) {
	for (let i = 0; i < 3; i++) {
		const modal = page.locator(
			'.el-overlay:visible .el-dialog__headerbtn, [role="dialog"]:visible [aria-label="Close"]',
		);
		if ((await modal.count()) === 0) break;
		await modal
			.first()
			.click()
			.catch(() => {});
		await page.waitForTimeout(300);
	}
}

/** Waits until the page has settled: fonts, images (node icons), no animation frames pending. */
async function settle(page) {
	await page.evaluate(async () => {
		await document.fonts.ready;
		await Promise.all(
			[...document.images]
				.filter((img) => !img.complete)
				.map(
					(img) =>
						new Promise((resolve) => {
							img.addEventListener('load', resolve, { once: true });
							img.addEventListener('error', resolve, { once: true });
						}),
				),
		);
		await new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)));
	});
	await page.waitForTimeout(400);
}

/** Opens a workflow and waits until every node (stickies included) is drawn with its size. */
async function openWorkflow(page, baseUrl, workflow) {
	await page.goto(`${baseUrl}/workflow/${workflow.id}`);
	await page.locator('[data-test-id="canvas-wrapper"]').waitFor();
	const names = workflow.nodes
		.filter((n) => n.type !== 'n8n-nodes-base.stickyNote')
		.map((n) => n.name);
	const total = workflow.nodes.length;
	await page.waitForFunction(
		({ names, total }) => {
			const drawn = [...document.querySelectorAll('.vue-flow__node')].filter((el) => {
				const box = el.getBoundingClientRect();
				return box.width > 0 && box.height > 0;
			});
			const named = new Set(
				[...document.querySelectorAll('[data-test-id="canvas-node"]')].map((el) =>
					el.getAttribute('data-node-name'),
				),
			);
			return drawn.length === total && names.every((name) => named.has(name));
		},
		{ names, total },
		{ timeout: 30000 },
	);
	await dismissPopups(page);
	// Zoom to fit (the button in the canvas's corner), then let the viewport transition end.
	await page.locator('[data-test-id="zoom-to-fit"]').click();
	await page.mouse.move(VIEWPORT.width - 2, VIEWPORT.height / 2);
	await page.waitForTimeout(700);
	await settle(page);
}

async function shootWorkflow(page, baseUrl, shot, file) {
	await openWorkflow(page, baseUrl, shot.workflow);
	await page.screenshot({ path: file });
}

async function shootPanel(page, baseUrl, shot, file) {
	await openWorkflow(page, baseUrl, shot.workflow);
	await page.locator(`[data-test-id="canvas-node"][data-node-name="${shot.node}"]`).dblclick();
	const ndv = page.locator('[data-test-id="ndv"]');
	await ndv.waitFor();
	await ndv.locator('[data-test-id="node-parameters"]').waitFor();
	if (shot.webhookUrls) {
		await ndv.getByText('Webhook URLs', { exact: true }).click();
		await ndv.locator(`[data-test-id="radio-button-${shot.webhookUrls}"]`).click();
		await ndv.getByText(`${SHOWN_WEBHOOK_BASE}webhook/`, { exact: false }).first().waitFor();
	}
	if (shot.dropdown) {
		// A resource locator in "From List" mode: clicking its input opens the list n8n fills from
		// the node's listSearch method (here: the session's captures, read with the credential).
		const field = ndv.locator('[data-test-id="parameter-item"]', { hasText: shot.dropdown });
		await field.locator('input').last().click();
	}
	for (const text of shot.expect ?? []) {
		await page.getByText(text, { exact: false }).first().waitFor();
	}
	// Nothing hovered or focused: no tooltips, no focus rings.
	await page.evaluate(() => document.activeElement?.blur?.());
	await page.mouse.move(VIEWPORT.width - 2, VIEWPORT.height - 2);
	await page.waitForTimeout(500);
	await settle(page);
	await page.screenshot({ path: file });
}

// ------------------------------------------------------------------ main

async function main() {
	const started = Date.now();
	const opts = parseArgs(process.argv.slice(2));
	if (opts.help) {
		say(
			fs
				.readFileSync(__filename, 'utf8')
				.split('*/')[0]
				.split('/**')[1]
				.replace(/^ \* ?/gm, ''),
		);
		return;
	}
	checkDist();
	checkN8n();
	checkChromium();
	refuseIfRunning();

	const examples = sb.loadExamples();
	let shots = plan(examples);
	if (opts.only) {
		const unknown = opts.only.filter((name) => !shots.some((s) => s.name === name));
		if (unknown.length) {
			throw new UsageError(
				`unknown picture ${unknown.join(', ')}; choose from ${shots.map((s) => s.name).join(', ')}`,
			);
		}
		shots = shots.filter((s) => opts.only.includes(s.name));
	}

	// A fresh sandbox each time: the pictures do not depend on what an earlier run left.
	fs.rmSync(SHOTS_DIR, { recursive: true, force: true });
	fs.mkdirSync(path.join(SHOTS_DIR, 'logs'), { recursive: true });
	fs.writeFileSync(path.join(SHOTS_DIR, 'owner.pid'), String(process.pid));
	const chromium = (await ensurePlaywright()).chromium;

	const sandbox = new sb.Sandbox({
		dir: SHOTS_DIR,
		username: 'screenshots-user',
		secret: `screenshots-${require('node:crypto').randomBytes(12).toString('hex')}`,
		owner: OWNER,
		envExtra: { N8N_WEBHOOK_URL: SHOWN_WEBHOOK_BASE },
	});
	let browser;
	const userDataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'briqpay-shots-chromium-'));
	let stopping;
	const stop = (why) => {
		stopping ??= (async () => {
			step(`stopping (${why}) ...`);
			try {
				await browser?.close().catch(() => {});
				await sandbox.stop();
				step('stopped: Chromium, n8n and the Briqpay stand-in are down');
			} catch (error) {
				step(`while stopping: ${error.message}`);
			} finally {
				fs.rmSync(userDataDir, { recursive: true, force: true });
				fs.rmSync(path.join(SHOTS_DIR, 'owner.pid'), { force: true });
			}
		})();
		return stopping;
	};
	// Ctrl+C / SIGTERM: Chromium first (the library then stops n8n and the stand-in).
	sb.onSignal((sig) => stop(sig));

	let page;
	try {
		step(`1/3 sandbox in ${rel(SHOTS_DIR)} (free ports; dist/ packed as it is)`);
		let t = Date.now();
		const installed = await sandbox.installPackage({ build: false });
		await sandbox.prepareEnv();
		const fake = await sandbox.startFake({ seed: true });
		await sb.seedForExamples(fake.control);
		await sandbox.importCredentials([sb.credentialData(fake)]);
		const published = [examples.captureOnApproval.id];
		fillRefundWorkflow(fake.seeded.sessions.capturedFull);
		const extra = shots.filter((shot) => !Object.values(examples).includes(shot.workflow));
		await sandbox.importWorkflows(
			[...Object.values(examples), ...new Set(extra.map((shot) => shot.workflow))].map((wf) =>
				sb.forSandbox(wf, { webhookBaseUrl: SHOWN_WEBHOOK_BASE }),
			),
			{ publish: published },
		);
		// The shown address is not where this n8n listens: wait for its webhooks on the real one.
		const waitForWebhooks = Object.values(examples)
			.filter((wf) => published.includes(wf.id))
			.flatMap((wf) => sb.triggerUrls(wf, sandbox.baseUrl).map((tr) => tr.url));
		await sandbox.startN8n({ waitForWebhooks });
		step(
			`    ${installed.name}@${installed.version}, stand-in ${fake.baseUrl}, n8n ${sandbox.baseUrl} (${seconds(Date.now() - t)})`,
		);

		step(`2/3 Chromium (${CHROMIUM}) signs in`);
		t = Date.now();
		const launched = await launch(chromium, userDataDir);
		browser = launched.context;
		page = launched.page;
		await signIn(page, sandbox.baseUrl);
		step(`    signed in (${seconds(Date.now() - t)})`);

		step(`3/3 ${shots.length} pictures into ${rel(OUT_DIR)}/`);
		fs.mkdirSync(OUT_DIR, { recursive: true });
		for (const shot of shots) {
			t = Date.now();
			const file = path.join(OUT_DIR, `${shot.name}.png`);
			const tmp = path.join(SHOTS_DIR, `${shot.name}.png`);
			if (shot.kind === 'workflow') await shootWorkflow(page, sandbox.baseUrl, shot, tmp);
			else await shootPanel(page, sandbox.baseUrl, shot, tmp);
			fs.copyFileSync(tmp, file);
			const kb = Math.round(fs.statSync(file).size / 1024);
			step(`    ${rel(file)}  ${kb} KB  (${seconds(Date.now() - t)})`);
		}

		if (opts.keep) {
			say('');
			step(`--keep: n8n at ${sandbox.baseUrl}, log in as ${OWNER.email} / ${OWNER.password}`);
			step('Press Ctrl+C to stop.');
			await Promise.race([sandbox.n8n.exited, fake.proc.exited]);
		}
		await stop('done');
		step(`done in ${seconds(Date.now() - started)}`);
	} catch (error) {
		if (page && !stopping) {
			const failure = path.join(SHOTS_DIR, 'logs', 'failure.png');
			await page.screenshot({ path: failure }).catch(() => {});
			step(`the page at the failure: ${rel(failure)}; logs: ${rel(sandbox.logsDir)}/`);
		}
		await stop('error');
		throw error;
	} finally {
		sandbox.dispose();
	}
}

main().catch((error) => {
	process.stderr.write(`[screenshots] ERROR: ${error.message}\n`);
	process.exit(error instanceof UsageError ? 2 : 1);
});
