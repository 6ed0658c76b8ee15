'use strict';

/**
 * Captures everything n8n's Logger writes.
 *
 * n8n-core hands nodes `Container.get(Logger)` (from @n8n/backend-common) as `this.logger`,
 * and the engine itself logs through n8n-workflow's LoggerProxy, which the root Logger
 * initialises to itself. The harness builds that real Logger at level `debug` and swaps its
 * winston backend for one with a single capturing transport, so every call — the node's,
 * n8n-core's, scoped loggers' — lands here after the Logger's own processing (e.g. Errors in
 * metadata serialised with message and stack), i.e. exactly what n8n would write out.
 */

const { coreRequire, backendCommonRequire } = require('./env');

const winston = backendCommonRequire('winston');

/** Active sinks; every captured entry is pushed to all of them. */
const sinks = new Set();
let installed = false;

function safeStringify(value) {
	const seen = new WeakSet();
	try {
		return JSON.stringify(value, (_key, v) => {
			if (typeof v === 'bigint') return v.toString();
			if (v instanceof Error) return { name: v.name, message: v.message, stack: v.stack };
			if (Buffer.isBuffer(v)) return `<Buffer ${v.toString('base64')}>`;
			if (typeof v === 'object' && v !== null) {
				if (seen.has(v)) return '[Circular]';
				seen.add(v);
			}
			return v;
		});
	} catch (error) {
		return `[unserialisable: ${error.message}]`;
	}
}

class CaptureTransport extends winston.Transport {
	log(info, callback) {
		const meta = {};
		for (const key of Object.keys(info)) {
			if (key !== 'level' && key !== 'message') meta[key] = info[key];
		}
		const metaText = Object.keys(meta).length ? ` ${safeStringify(meta)}` : '';
		const message = typeof info.message === 'string' ? info.message : safeStringify(info.message);
		const entry = {
			level: info.level,
			message,
			meta: JSON.parse(safeStringify(meta) ?? '{}'),
			line: `${info.level}: ${message}${metaText}`,
		};
		for (const sink of sinks) sink.push(entry);
		callback();
	}
}

/** Installs the capturing backend on n8n's root Logger. Idempotent per module registry. */
function installCapturingLogger({ echo = process.env.N8N_HARNESS_LOG === '1' } = {}) {
	if (installed) return;
	const { Container } = coreRequire('@n8n/di');
	const { GlobalConfig } = coreRequire('@n8n/config');
	const { Logger } = coreRequire('@n8n/backend-common');

	// The Logger turns levels above the configured one into no-ops at construction, so the
	// level must be `debug` before the first Container.get(Logger).
	const globalConfig = Container.get(GlobalConfig);
	globalConfig.logging.level = 'debug';

	const logger = Container.get(Logger);
	const transports = [new CaptureTransport()];
	if (echo) transports.push(new winston.transports.Console());
	logger.setInternalLogger(winston.createLogger({ level: 'debug', transports }));
	installed = true;
}

/** Starts collecting log entries into a new array; call `stop()` to detach it. */
function collectLogs() {
	const entries = [];
	sinks.add(entries);
	return {
		entries,
		stop() {
			sinks.delete(entries);
			return entries;
		},
	};
}

module.exports = { installCapturingLogger, collectLogs };
