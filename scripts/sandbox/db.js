'use strict';

/**
 * Read-only queries on n8n's SQLite database (`<user folder>/.n8n/database.sqlite`) with n8n's own
 * sqlite3 module, which setup-n8n.js built for the line's Node, so the query runs under that Node. Used to
 * see what a reused sandbox already holds, and as a second way to read executions
 * (execution_entity + execution_data, decoded with flatted) when the REST API is not available.
 */
const fs = require('node:fs');
const path = require('node:path');

const { resolveLine } = require('./lines');
const { run } = require('./proc');

const QUERY_SCRIPT = `
const sqlite3 = require('sqlite3');
const [file, sql] = process.argv.slice(1);
const db = new sqlite3.Database(file, sqlite3.OPEN_READONLY);
db.all(sql, (err, rows) => {
	if (err) { console.error(err.message); process.exit(1); }
	process.stdout.write(JSON.stringify(rows));
	db.close();
});
`;

function databaseFile(userFolder) {
	return path.join(userFolder, '.n8n', 'database.sqlite');
}

/** Runs one SELECT; resolves the rows ([] when the database does not exist yet). */
async function query(userFolder, sql, { line: lineOrName } = {}) {
	const file = databaseFile(userFolder);
	if (!fs.existsSync(file)) return [];
	const line =
		lineOrName && typeof lineOrName === 'object'
			? lineOrName
			: resolveLine(lineOrName || undefined);
	const { stdout } = await run(line.nodeBin, ['-e', QUERY_SCRIPT, file, sql], {
		cwd: line.installDir,
	});
	return JSON.parse(stdout || '[]');
}

async function existingIds(userFolder, { line } = {}) {
	const file = databaseFile(userFolder);
	if (!fs.existsSync(file)) return { workflows: new Set(), credentials: new Set() };
	const workflows = await query(userFolder, 'select id from workflow_entity', { line });
	const credentials = await query(userFolder, 'select id from credentials_entity', { line });
	return {
		workflows: new Set(workflows.map((r) => r.id)),
		credentials: new Set(credentials.map((r) => r.id)),
	};
}

/** Executions straight from the database, data decoded (the same shape as the REST API's). */
async function executionsFromDb(userFolder, workflowId, { line } = {}) {
	const { decodeExecution } = require('./rest');
	const where = workflowId
		? `where e.workflowId = '${String(workflowId).replace(/'/g, "''")}'`
		: '';
	const rows = await query(
		userFolder,
		`select e.id, e.workflowId, e.mode, e.status, e.finished, e.startedAt, e.stoppedAt, d.data
		 from execution_entity e join execution_data d on d.executionId = e.id ${where} order by e.id desc`,
		{ line },
	);
	return rows.map((row) => decodeExecution({ ...row, id: String(row.id) }));
}

/** Ids of the workflows n8n activates when it starts (how that is stored differs by line). */
async function activeWorkflowIds(userFolder, { line: lineOrName } = {}) {
	const line =
		lineOrName && typeof lineOrName === 'object'
			? lineOrName
			: resolveLine(lineOrName || undefined);
	return new Set((await query(userFolder, line.activeSql, { line })).map((r) => r.id));
}

module.exports = { query, existingIds, executionsFromDb, databaseFile, activeWorkflowIds };
