#!/usr/bin/env bash
# Prove that the pinned n8n (scripts/setup-n8n.sh) runs headless on loopback, optionally with a packed
# community package installed the way n8n installs one.
#
#   scripts/e2e-smoke.sh [path/to/n8n-nodes-x.tgz]
#   KEEP=1 scripts/e2e-smoke.sh ...     # keep the temp user folder (printed at the end) for debugging
#
# Steps (each timed):
#   1. temp N8N_USER_FOLDER; hermetic env from scripts/n8n-env.sh (127.0.0.1 only, outbound features off)
#   2. [tarball] unpack into $N8N_USER_FOLDER/.n8n/nodes/node_modules/<name>, drop dev/peer/optional deps
#   3. import + `n8n execute --id --rawOutput` a Manual Trigger -> Set -> Code workflow; check its output
#   4. import a Webhook workflow with a fixed webhookId, `n8n publish:workflow --id`
#   5. `n8n start` in the background; wait for /healthz/readiness and for the production webhook to be
#      registered; POST to it; check the answer; [tarball] list the package's node types n8n loaded
#   6. stop n8n; read both executions back from database.sqlite (execution_entity + execution_data,
#      flatted-encoded) with n8n's own sqlite3 and flatted modules under Node 24
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
TARBALL="${1:-}"
if [ -n "$TARBALL" ]; then
	[ -f "$TARBALL" ] || {
		echo "e2e-smoke: tarball not found: $TARBALL" >&2
		exit 2
	}
	TARBALL="$(cd "$(dirname "$TARBALL")" && pwd)/$(basename "$TARBALL")"
fi

T0=$(date +%s.%N)
T_STEP=$T0
STEP_NAME=""
TIMINGS=()
step() {
	local now
	now=$(date +%s.%N)
	if [ -n "$STEP_NAME" ]; then
		TIMINGS+=("$(awk -v a="$T_STEP" -v b="$now" -v n="$STEP_NAME" 'BEGIN { printf "%6.1f s  %s", b - a, n }')")
		printf '[e2e-smoke]   ... %s\n' "$(awk -v a="$T_STEP" -v b="$now" 'BEGIN { printf "%.1f s", b - a }')"
	fi
	STEP_NAME="$1"
	T_STEP=$now
	[ -n "$STEP_NAME" ] && printf '[e2e-smoke] %s\n' "$STEP_NAME"
	return 0
}
fail() {
	printf '[e2e-smoke] FAIL: %s\n' "$*" >&2
	exit 1
}

# --- 1. environment ----------------------------------------------------------------------------------------
step "environment"
N8N_USER_FOLDER="$(mktemp -d "${TMPDIR:-/tmp}/n8n-e2e-smoke.XXXXXX")"
export N8N_USER_FOLDER
# shellcheck source=scripts/n8n-env.sh
source "$ROOT/scripts/n8n-env.sh" || fail "scripts/n8n-env.sh failed - has scripts/setup-n8n.sh run?"
LOGS="$N8N_USER_FOLDER/logs"
WORK="$N8N_USER_FOLDER/work"
mkdir -p "$LOGS" "$WORK"

cleanup() {
	local rc=$?
	n8n_stop 20 || true
	if [ "$rc" != 0 ]; then
		echo "[e2e-smoke] logs: $LOGS" >&2
		for f in "$LOGS"/*.log; do
			[ -f "$f" ] || continue
			echo "----- tail $f -----" >&2
			tail -n 25 "$f" >&2
		done
	fi
	if [ -n "${KEEP:-}" ] || [ "$rc" != 0 ]; then
		echo "[e2e-smoke] user folder kept: $N8N_USER_FOLDER" >&2
	else
		rm -rf "$N8N_USER_FOLDER"
	fi
	exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

echo "[e2e-smoke] n8n $(n8n_bin --version) on Node $("$E2E_NODE" --version); user folder $N8N_USER_FOLDER"
echo "[e2e-smoke] N8N_PORT=$N8N_PORT N8N_RUNNERS_BROKER_PORT=$N8N_RUNNERS_BROKER_PORT N8N_WEBHOOK_URL=$N8N_WEBHOOK_URL"

# --- 2. community package ----------------------------------------------------------------------------------
PKG_NAME=""
if [ -n "$TARBALL" ]; then
	step "install package $(basename "$TARBALL") like n8n does"
	NODES_DIR="$N8N_USER_FOLDER/.n8n/nodes"
	mkdir -p "$NODES_DIR/node_modules"
	PKG_NAME="$(tar -xzOf "$TARBALL" package/package.json | e2e_node -p 'JSON.parse(require("fs").readFileSync(0, "utf8")).name')"
	[ -n "$PKG_NAME" ] || fail "no name in the tarball's package.json"
	PKG_DIR="$NODES_DIR/node_modules/$PKG_NAME"
	mkdir -p "$PKG_DIR"
	tar -xzf "$TARBALL" -C "$PKG_DIR" --strip-components=1
	# n8n's CommunityPackagesService.downloadPackage: drop dev/peer/optional deps, `npm install` the rest
	# (--ignore-scripts, shallow), then record the package in nodes/package.json.
	PKG_DEPS="$(e2e_node - "$PKG_DIR/package.json" "$NODES_DIR/package.json" <<'EOF'
const fs = require('fs');
const [pkgPath, rootPath] = process.argv.slice(2);
const { devDependencies, peerDependencies, optionalDependencies, ...pkg } = JSON.parse(fs.readFileSync(pkgPath, 'utf8'));
fs.writeFileSync(pkgPath, JSON.stringify(pkg, null, 2));
const root = fs.existsSync(rootPath)
	? JSON.parse(fs.readFileSync(rootPath, 'utf8'))
	: { name: 'installed-nodes', private: true, dependencies: {} };
root.dependencies = { ...root.dependencies, [pkg.name]: pkg.version };
fs.writeFileSync(rootPath, JSON.stringify(root, null, 2));
if (!pkg.n8n || !Array.isArray(pkg.n8n.nodes)) throw new Error(`${pkg.name}: package.json has no n8n.nodes`);
console.log(Object.keys(pkg.dependencies || {}).join(' '));
EOF
)"
	if [ -n "$PKG_DEPS" ]; then
		echo "[e2e-smoke] package has runtime dependencies ($PKG_DEPS) - npm install as n8n would (needs the registry)"
		(cd "$PKG_DIR" && npm install --audit=false --fund=false --bin-links=false --install-strategy=shallow \
			--ignore-scripts=true --package-lock=false >"$LOGS/package-npm-install.log" 2>&1) ||
			fail "npm install of the package's dependencies failed"
	fi
	echo "[e2e-smoke] $PKG_NAME $(e2e_node -p "require('$PKG_DIR/package.json').version") -> $PKG_DIR"
fi

# --- 3. Manual Trigger -> Set -> Code, `n8n execute` --------------------------------------------------------
step "import + execute a Manual Trigger -> Set -> Code workflow"
cat >"$WORK/manual.json" <<'EOF'
{
  "id": "e2eSmokeManual01",
  "name": "e2e smoke: manual",
  "active": false,
  "nodes": [
    { "id": "11111111-0000-4000-8000-000000000001", "name": "Start", "type": "n8n-nodes-base.manualTrigger",
      "typeVersion": 1, "position": [0, 0], "parameters": {} },
    { "id": "11111111-0000-4000-8000-000000000002", "name": "Set", "type": "n8n-nodes-base.set",
      "typeVersion": 3.4, "position": [220, 0],
      "parameters": { "mode": "manual", "options": {}, "assignments": { "assignments": [
        { "id": "a1", "name": "greeting", "value": "hello from n8n", "type": "string" },
        { "id": "a2", "name": "answer", "value": "={{ 6 * 7 }}", "type": "number" } ] } } },
    { "id": "11111111-0000-4000-8000-000000000003", "name": "Code", "type": "n8n-nodes-base.code",
      "typeVersion": 2, "position": [440, 0],
      "parameters": { "jsCode": "return $input.all().map((item) => ({ json: { ...item.json, doubled: item.json.answer * 2 } }));" } }
  ],
  "connections": {
    "Start": { "main": [[{ "node": "Set", "type": "main", "index": 0 }]] },
    "Set": { "main": [[{ "node": "Code", "type": "main", "index": 0 }]] }
  },
  "settings": { "executionOrder": "v1" }
}
EOF
n8n_bin import:workflow --input="$WORK/manual.json" >"$LOGS/import-manual.log" 2>&1 || fail "import:workflow (manual) failed"
n8n_bin execute --id=e2eSmokeManual01 --rawOutput >"$WORK/execute.out" 2>"$LOGS/execute.log" ||
	{ cat "$WORK/execute.out" >>"$LOGS/execute.log"; fail "n8n execute failed"; }
# --rawOutput still prints a few log lines (task broker, license SDK, runner registration) before the JSON.
e2e_node - "$WORK/execute.out" <<'EOF' || fail "unexpected output of n8n execute (see $WORK/execute.out)"
const text = require('fs').readFileSync(process.argv[2], 'utf8');
const start = text.search(/^\{/m);
if (start < 0) throw new Error('no JSON in output');
const run = JSON.parse(text.slice(start));
if (run.status !== 'success') throw new Error(`status ${run.status}`);
const out = run.data.resultData.runData.Code[0].data.main[0][0].json;
if (out.greeting !== 'hello from n8n' || out.answer !== 42 || out.doubled !== 84) throw new Error(JSON.stringify(out));
console.log(`[e2e-smoke] execute ok: status=${run.status} mode=${run.mode} Code output ${JSON.stringify(out)}`);
EOF

# --- 4. Webhook workflow, publish ---------------------------------------------------------------------------
step "import + publish a Webhook workflow"
WEBHOOK_ID="5a0c3d1e-e2e0-4b6a-9c0d-000000000001"
cat >"$WORK/webhook.json" <<EOF
{
  "id": "e2eSmokeWebhook01",
  "name": "e2e smoke: webhook",
  "active": false,
  "nodes": [
    { "id": "22222222-0000-4000-8000-000000000001", "name": "Webhook", "type": "n8n-nodes-base.webhook",
      "typeVersion": 2, "position": [0, 0], "webhookId": "$WEBHOOK_ID",
      "parameters": { "httpMethod": "POST", "path": "$WEBHOOK_ID", "responseMode": "lastNode", "options": {} } },
    { "id": "22222222-0000-4000-8000-000000000002", "name": "Set", "type": "n8n-nodes-base.set",
      "typeVersion": 3.4, "position": [220, 0],
      "parameters": { "mode": "manual", "options": {}, "assignments": { "assignments": [
        { "id": "b1", "name": "got", "value": "={{ \$json.body.ping }}", "type": "string" },
        { "id": "b2", "name": "seenBy", "value": "n8n", "type": "string" } ] } } }
  ],
  "connections": { "Webhook": { "main": [[{ "node": "Set", "type": "main", "index": 0 }]] } },
  "settings": { "executionOrder": "v1" }
}
EOF
n8n_bin import:workflow --input="$WORK/webhook.json" >"$LOGS/import-webhook.log" 2>&1 || fail "import:workflow (webhook) failed"
n8n_bin publish:workflow --id=e2eSmokeWebhook01 >"$LOGS/publish.log" 2>&1 || fail "publish:workflow failed"

# --- 5. n8n start, webhook ----------------------------------------------------------------------------------
# n8n's Webhook node sets isFullPath, so its production URL is <N8N_WEBHOOK_URL>webhook/<path>; community
# trigger nodes without isFullPath get <N8N_WEBHOOK_URL>webhook/<webhookId>/<path>.
WEBHOOK_URL="${N8N_WEBHOOK_URL}webhook/$WEBHOOK_ID"
step "n8n start -> /healthz/readiness"
n8n_start_bg "$LOGS/n8n-start.log"
n8n_wait_ready 120 || fail "n8n did not become ready"
step "wait for the production webhook to be registered"
n8n_wait_webhook "$WEBHOOK_URL" GET 90 || fail "webhook never registered"
step "POST the webhook"
RESPONSE="$(curl -s -X POST -H 'content-type: application/json' -d '{"ping":"pong"}' -w '\n%{http_code}' --max-time 30 "$WEBHOOK_URL")"
CODE="${RESPONSE##*$'\n'}"
BODY="${RESPONSE%$'\n'*}"
[ "$CODE" = 200 ] || fail "webhook answered HTTP $CODE: $BODY"
printf '%s' "$BODY" | e2e_node -e '
const body = JSON.parse(require("fs").readFileSync(0, "utf8"));
if (body.got !== "pong" || body.seenBy !== "n8n") { console.error(body); process.exit(1); }
console.log("[e2e-smoke] webhook answered 200 " + JSON.stringify(body));
' || fail "unexpected webhook response: $BODY"

if [ -n "$PKG_NAME" ]; then
	TYPES="$N8N_USER_FOLDER/.cache/n8n/public/types/nodes.json"
	grep -q "Failed to load package\|Skipping package" "$LOGS/n8n-start.log" &&
		fail "n8n could not load $PKG_NAME (see $LOGS/n8n-start.log)"
	[ -f "$TYPES" ] || fail "$TYPES missing"
	e2e_node - "$TYPES" "$PKG_NAME" <<'EOF' || fail "n8n did not load any node type of $PKG_NAME"
const [file, pkg] = process.argv.slice(2);
const types = JSON.parse(require('fs').readFileSync(file, 'utf8')).filter((t) => t.name.startsWith(pkg + '.'));
if (types.length === 0) process.exit(1);
for (const t of types) console.log(`[e2e-smoke] node type loaded: ${t.name} v${JSON.stringify(t.version)} "${t.displayName}"`);
EOF
fi

# --- 6. stop, read executions from the DB -------------------------------------------------------------------
step "stop n8n"
n8n_stop 30
step "read executions from database.sqlite"
(cd "$E2E_N8N_DIR" && e2e_node - "$N8N_USER_FOLDER/.n8n/database.sqlite" <<'EOF') || fail "executions not found as expected in the DB"
const sqlite3 = require('sqlite3'); // n8n's own (built for Node 24 by setup-n8n.sh)
const { parse } = require('flatted'); // what n8n uses to store execution_data.data
const db = new sqlite3.Database(process.argv[2], sqlite3.OPEN_READONLY);
const sql = `select e.id, e.workflowId, e.mode, e.status, e.finished, e.startedAt, e.stoppedAt, d.data
             from execution_entity e join execution_data d on d.executionId = e.id order by e.id`;
db.all(sql, (err, rows) => {
	if (err) throw err;
	const problems = [];
	for (const want of [
		{ workflowId: 'e2eSmokeManual01', node: 'Code', check: (j) => j.doubled === 84 },
		{ workflowId: 'e2eSmokeWebhook01', node: 'Set', mode: 'webhook', check: (j) => j.got === 'pong' },
	]) {
		const row = rows.find((r) => r.workflowId === want.workflowId);
		if (!row) { problems.push(`no execution of ${want.workflowId}`); continue; }
		const data = parse(row.data);
		const json = data.resultData.runData[want.node]?.[0]?.data?.main?.[0]?.[0]?.json;
		const ok = row.status === 'success' && (!want.mode || row.mode === want.mode) && json && want.check(json);
		console.log(`[e2e-smoke] execution ${row.id}: workflow=${row.workflowId} mode=${row.mode} status=${row.status} ` +
			`${want.node}=${JSON.stringify(json)} ${ok ? 'OK' : 'WRONG'}`);
		if (!ok) problems.push(`execution ${row.id} of ${want.workflowId} is not as expected`);
	}
	db.close();
	if (problems.length) { console.error(problems.join('\n')); process.exit(1); }
});
EOF
step ""

echo "[e2e-smoke] timings:"
printf '  %s\n' "${TIMINGS[@]}"
awk -v a="$T0" -v b="$(date +%s.%N)" 'BEGIN { printf "  %6.1f s  total\n", b - a }'
echo "[e2e-smoke] PASS"
