'use strict';

/** Statistics, tables and machine information for the benchmark's printout and JSON. */
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const sb = require('../../scripts/sandbox');

function sorted(values) {
	return values.filter((v) => typeof v === 'number' && Number.isFinite(v)).sort((a, b) => a - b);
}

/** Nearest-rank percentile (p in 0..100) of the finite values; undefined when there are none. */
function percentile(values, p) {
	const list = sorted(values);
	if (!list.length) return undefined;
	const rank = Math.ceil((p / 100) * list.length);
	return list[Math.min(list.length - 1, Math.max(0, rank - 1))];
}

function median(values) {
	const list = sorted(values);
	if (!list.length) return undefined;
	const mid = Math.floor(list.length / 2);
	return list.length % 2 ? list[mid] : (list[mid - 1] + list[mid]) / 2;
}

function ratio(a, b) {
	return typeof a === 'number' && typeof b === 'number' && b > 0 ? a / b : undefined;
}

const fmt = {
	ms: (v) => (typeof v === 'number' ? `${Math.round(v).toLocaleString('en-US')} ms` : '-'),
	ms2: (v) => (typeof v === 'number' ? `${v.toFixed(2)} ms` : '-'),
	x: (v) => (typeof v === 'number' ? `${v.toFixed(2)}×` : '-'),
	int: (v) => (typeof v === 'number' ? Math.round(v).toLocaleString('en-US') : '-'),
	kb: (v) => (typeof v === 'number' ? `${(v / 1024).toFixed(1)} kB` : '-'),
};

/** A plain-text table: rows are arrays of cells; the first row is the header. */
function table(rows, { indent = '  ' } = {}) {
	const widths = [];
	for (const row of rows) {
		row.forEach((cell, i) => {
			widths[i] = Math.max(widths[i] ?? 0, String(cell ?? '').length);
		});
	}
	const line = (row) =>
		indent +
		row
			.map((cell, i) => {
				const text = String(cell ?? '');
				// Numbers (and ratios, times) right-aligned, words left-aligned.
				return /^[-+]?[\d,.]+( ms| kB|×|%)?$|^-$/.test(text)
					? text.padStart(widths[i])
					: text.padEnd(widths[i]);
			})
			.join('  ')
			.trimEnd();
	const out = [line(rows[0]), indent + widths.map((w) => '-'.repeat(w)).join('  ')];
	for (const row of rows.slice(1)) out.push(line(row));
	return out.join('\n');
}

function versionOf(packageJson) {
	try {
		return JSON.parse(fs.readFileSync(packageJson, 'utf8')).version;
	} catch {
		return undefined;
	}
}

function machineInfo() {
	const cpus = os.cpus();
	return {
		cpu: cpus[0]?.model?.trim() ?? 'unknown',
		cores: cpus.length,
		ramGb: Math.round((os.totalmem() / 1024 ** 3) * 10) / 10,
		os: `${os.type()} ${os.release()} ${os.arch()}`,
		nodeOrchestrator: process.version,
		package: versionOf(path.join(sb.ROOT, 'package.json')),
		loadAverageAtStart: os.loadavg().map((v) => Math.round(v * 100) / 100),
	};
}

function machineLine(m) {
	return `${m.cpu}, ${m.cores} cores, ${m.ramGb} GB RAM, ${m.os}`;
}

module.exports = { percentile, median, ratio, fmt, table, machineInfo, machineLine };
