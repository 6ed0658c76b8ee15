#!/usr/bin/env node
'use strict';

/**
 * Where n8n spends its CPU during a benchmark run, from V8 CPU profiles.
 *
 *   npm run bench -- --lines 2.41 --rl-in-flight 0 --rl-rps 0 --reps 1 \
 *     --n8n-env "NODE_OPTIONS=--cpu-prof --cpu-prof-dir=/tmp/prof"
 *   node bench/profile-summary.js /tmp/prof/<run>.cpuprofile [/tmp/prof/<other run>.cpuprofile]
 *
 * Each `n8n execute` writes one profile (in run order: HTTP Request, floor node, Briqpay for one
 * repetition of the quiet scenario; give the floor node's as the second file to see Briqpay's
 * extra). Prints self time per package (minus the second profile's, when given) and the functions
 * with the most inclusive time among n8n's expression, credential and HTTP code and this package.
 * Inclusive times cover synchronous stacks only: time after an `await` is counted where it resumes.
 */
const fs = require('node:fs');

const FOCUS =
	/expression|credentials-helper|request-helpers|backend-network|axios|n8n-nodes-briqpay|getNodeParameter/;

function load(file) {
	const profile = JSON.parse(fs.readFileSync(file, 'utf8'));
	const nodes = new Map(profile.nodes.map((n) => [n.id, n]));
	const parent = new Map();
	for (const n of profile.nodes) for (const child of n.children ?? []) parent.set(child, n.id);
	const selfByNode = new Map();
	profile.samples.forEach((id, i) => {
		selfByNode.set(id, (selfByNode.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0));
	});
	return { nodes, parent, selfByNode };
}

function packageOf(url, functionName) {
	if (!url) return functionName || '(native)';
	if (url.includes('node_modules/')) {
		const parts = url.split('node_modules/').pop().split('/');
		return parts[0].startsWith('@') ? `${parts[0]}/${parts[1]}` : parts[0];
	}
	if (url.startsWith('node:')) return `node:${url.slice(5).split('/')[0]}`;
	return url;
}

function frameName({ callFrame }) {
	const where = callFrame.url.replace(/.*node_modules\//, '');
	return `${callFrame.functionName || '(anonymous)'} ${where}:${callFrame.lineNumber + 1}`;
}

function selfByPackage({ nodes, selfByNode }) {
	const totals = new Map();
	for (const [id, us] of selfByNode) {
		const { url, functionName } = nodes.get(id).callFrame;
		const key = packageOf(url, functionName);
		totals.set(key, (totals.get(key) ?? 0) + us);
	}
	return totals;
}

function inclusiveByFunction({ nodes, parent, selfByNode }) {
	const totals = new Map();
	for (const [id, us] of selfByNode) {
		const seen = new Set();
		for (let cur = id; cur !== undefined; cur = parent.get(cur)) {
			const key = frameName(nodes.get(cur));
			if (seen.has(key)) continue;
			seen.add(key);
			totals.set(key, (totals.get(key) ?? 0) + us);
		}
	}
	return totals;
}

const ms = (us) => `${(us / 1000).toFixed(0).padStart(7)} ms`;

function main([file, baselineFile]) {
	if (!file) {
		console.error('usage: node bench/profile-summary.js <run.cpuprofile> [<baseline.cpuprofile>]');
		process.exit(2);
	}
	const run = load(file);
	const base = baselineFile ? selfByPackage(load(baselineFile)) : new Map();
	const mine = selfByPackage(run);
	const rows = [...new Set([...mine.keys(), ...base.keys()])]
		.map((key) => [key, mine.get(key) ?? 0, base.get(key) ?? 0])
		.sort((a, b) => b[1] - b[2] - (a[1] - a[2]));
	console.log(`Self time per package${baselineFile ? ' (run, baseline, difference)' : ''}:`);
	for (const [key, a, b] of rows.slice(0, 25)) {
		console.log(`  ${key.padEnd(44)} ${ms(a)}${baselineFile ? ` ${ms(b)} ${ms(a - b)}` : ''}`);
	}
	console.log('\nInclusive time of expression, credential and HTTP functions and this package:');
	const inclusive = [...inclusiveByFunction(run)]
		.filter(([key]) => FOCUS.test(key))
		.sort((a, b) => b[1] - a[1]);
	for (const [key, us] of inclusive.slice(0, 30)) console.log(`  ${ms(us)}  ${key}`);
}

main(process.argv.slice(2));
