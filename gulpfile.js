'use strict';

/**
 * Build step after `n8n-node build` (tsc):
 * - build:icons  copies every SVG/PNG icon of nodes/ and credentials/ into dist/, next to the compiled
 *                files, so `icon: 'file:…'` resolves when n8n loads the package;
 * - build:prune  removes from dist/ whatever is not the package (n8n-node build copies every SVG it
 *                finds in the repository, including those of the local n8n sandbox);
 * - build:check  fails the build when a node or credential in package.json's "n8n" section points at a
 *                missing file, names an icon that is not in dist/, or lacks its codex (.node.json).
 */
const fs = require('node:fs');
const path = require('node:path');
const { dest, series, src } = require('gulp');

function copyIcons() {
	return src(['nodes/**/*.{svg,png}', 'credentials/**/*.{svg,png}'], {
		base: '.',
		encoding: false,
	}).pipe(dest('dist'));
}

const PACKAGE_DIRS = new Set(['nodes', 'credentials']);

async function pruneDist() {
	for (const entry of fs.readdirSync('dist')) {
		if (!PACKAGE_DIRS.has(entry))
			fs.rmSync(path.join('dist', entry), { recursive: true, force: true });
	}
}

function iconFiles(instance) {
	const icon = instance.description ? instance.description.icon : instance.icon;
	if (!icon) return [];
	const names = typeof icon === 'string' ? [icon] : Object.values(icon);
	return names.filter((name) => name.startsWith('file:')).map((name) => name.slice('file:'.length));
}

async function checkPackage() {
	const pkg = JSON.parse(fs.readFileSync('package.json', 'utf8'));
	const problems = [];
	const entries = [...(pkg.n8n.nodes || []), ...(pkg.n8n.credentials || [])];
	for (const entry of entries) {
		if (!fs.existsSync(entry)) {
			problems.push(`${entry} is listed in package.json but was not built`);
			continue;
		}
		const exported = require(path.resolve(entry));
		for (const Type of Object.values(exported)) {
			if (typeof Type !== 'function') continue;
			const instance = new Type();
			for (const file of iconFiles(instance)) {
				if (!fs.existsSync(path.join(path.dirname(entry), file))) {
					problems.push(`${entry}: icon ${file} is missing from dist`);
				}
			}
		}
		if (entry.endsWith('.node.js') && !fs.existsSync(entry.replace(/\.js$/, '.json'))) {
			problems.push(`${entry}: codex ${path.basename(entry, '.js')}.json is missing`);
		}
	}
	if (problems.length) throw new Error(`Package check failed:\n- ${problems.join('\n- ')}`);
}

exports['build:prune'] = pruneDist;
exports['build:icons'] = copyIcons;
exports['build:check'] = checkPackage;
exports.default = series(pruneDist, copyIcons, checkPackage);
