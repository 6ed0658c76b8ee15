'use strict';

/**
 * Loads a community package the way n8n does and exposes its types through n8n-workflow's
 * INodeTypes interface.
 *
 * n8n-core's PackageDirectoryLoader (or LazyPackageDirectoryLoader) reads the `n8n` section of
 * the package's package.json and loads every listed node and credential file. As in n8n, node
 * types are addressed as `<package name>.<node name>`; credential types by their bare name.
 */

const fs = require('node:fs');
const path = require('node:path');

const { coreRequire } = require('./env');
const { builtinNodeTypes } = require('./builtin-nodes');

const { PackageDirectoryLoader, LazyPackageDirectoryLoader } = coreRequire('n8n-core');
const { NodeHelpers, UnexpectedError } = coreRequire('n8n-workflow');

/** Fails early, with the fix, when the files the `n8n` section lists were not built. */
function assertPackageFilesExist(packageDir) {
	const packageJson = JSON.parse(fs.readFileSync(path.join(packageDir, 'package.json'), 'utf8'));
	if (!packageJson.n8n) {
		throw new UnexpectedError(`${packageDir}/package.json has no "n8n" section`);
	}
	const listed = [...(packageJson.n8n.nodes ?? []), ...(packageJson.n8n.credentials ?? [])];
	const missing = listed.filter((file) => !fs.existsSync(path.join(packageDir, file)));
	if (missing.length) {
		throw new UnexpectedError(
			`The n8n section of ${packageJson.name} lists files that do not exist: ${missing.join(', ')}. Run \`npm run build\` first.`,
		);
	}
}

async function loadPackage(packageDir, { lazy = false } = {}) {
	assertPackageFilesExist(packageDir);
	if (lazy) {
		const loader = new LazyPackageDirectoryLoader(packageDir);
		await loader.loadAll();
		return loader;
	}
	const loader = new PackageDirectoryLoader(packageDir);
	await loader.loadAll();
	return loader;
}

function latestVersion(nodeType) {
	if ('nodeVersions' in nodeType) {
		return nodeType.currentVersion ?? nodeType.description.defaultVersion;
	}
	const { version } = nodeType.description;
	return Array.isArray(version) ? Math.max(...version) : version;
}

class HarnessNodeTypes {
	/** @param {import('n8n-core').DirectoryLoader} loader */
	constructor(loader) {
		this.loader = loader;
		this.packageName = loader.packageName;
	}

	/** Short node names of the package ('briqpay'), as listed by the loader. */
	get shortNames() {
		return Object.keys(this.loader.known.nodes);
	}

	/** 'briqpay' → 'n8n-nodes-briqpay.briqpay'; full names and built-ins pass through. */
	resolveTypeName(type) {
		if (typeof type !== 'string' || type === '') {
			throw new UnexpectedError(`Invalid node type: ${String(type)}`);
		}
		if (type in builtinNodeTypes) return type;
		if (type.includes('.')) return type;
		if (type in this.loader.known.nodes) return `${this.packageName}.${type}`;
		if (type.endsWith('Tool') && type.slice(0, -4) in this.loader.known.nodes)
			return `${this.packageName}.${type}`;
		throw new UnexpectedError(
			`Unknown node type "${type}". The package ${this.packageName} has: ${this.shortNames.join(', ')}`,
		);
	}

	getByName(nodeType) {
		if (nodeType in builtinNodeTypes) return builtinNodeTypes[nodeType];
		const prefix = `${this.packageName}.`;
		if (!nodeType.startsWith(prefix)) {
			throw new UnexpectedError(
				`Node type "${nodeType}" is not part of ${this.packageName} nor one of the harness built-ins (${Object.keys(builtinNodeTypes).join(', ')})`,
			);
		}
		const short = nodeType.slice(prefix.length);
		if (!(short in this.loader.known.nodes) && short.endsWith('Tool'))
			return this.toolVariant(short);
		return this.loader.getNode(short).type;
	}

	/**
	 * `<node>Tool`: a `usableAsTool` node as n8n's CLI offers it to agents and the MCP Server Trigger
	 * (same class, description name + 'Tool'; the CLI also adds the tool-description parameters and
	 * an ai_tool output, which the engine does not need to run it). Enough for `@tool` display
	 * options and `getNode().type` to behave as in n8n.
	 */
	toolVariant(short) {
		this.toolVariants ??= new Map();
		if (!this.toolVariants.has(short)) {
			const base = this.loader.getNode(short.slice(0, -'Tool'.length)).type;
			if (!base.description.usableAsTool) {
				throw new UnexpectedError(`Node "${short.slice(0, -4)}" is not usableAsTool`);
			}
			const variant = Object.create(base);
			variant.description = {
				...base.description,
				name: `${base.description.name}Tool`,
				displayName: `${base.description.displayName} Tool`,
			};
			this.toolVariants.set(short, variant);
		}
		return this.toolVariants.get(short);
	}

	getByNameAndVersion(nodeType, version) {
		return NodeHelpers.getVersionedNodeType(this.getByName(nodeType), version);
	}

	getKnownTypes() {
		const known = {};
		for (const [name, info] of Object.entries(this.loader.known.nodes)) {
			known[`${this.packageName}.${name}`] = info;
		}
		return known;
	}

	latestVersion(nodeTypeName) {
		return latestVersion(this.getByName(nodeTypeName));
	}
}

class HarnessCredentialTypes {
	constructor(loader, nodeTypes) {
		this.loader = loader;
		this.nodeTypes = nodeTypes;
	}

	recognizes(name) {
		return name in this.loader.known.credentials;
	}

	getByName(name) {
		return this.loader.getCredential(name).type;
	}

	/** Fully-qualified names of the package's nodes that declare this credential. */
	getSupportedNodes(name) {
		const supported = this.loader.known.credentials[name]?.supportedNodes ?? [];
		return supported.map((short) => `${this.nodeTypes.packageName}.${short}`);
	}

	getParentTypes(name) {
		const type = this.recognizes(name) ? this.getByName(name) : undefined;
		const parents = type?.extends ?? [];
		const all = [...parents];
		for (const parent of parents) {
			if (this.recognizes(parent)) all.push(...this.getParentTypes(parent));
		}
		return all;
	}
}

module.exports = { loadPackage, HarnessNodeTypes, HarnessCredentialTypes, latestVersion };
