# shellcheck shell=bash
# Hermetic environment for running the pinned n8n (e2e/n8n) on loopback.
#
# Source it, don't run it:
#
#   export N8N_USER_FOLDER="$(mktemp -d)"     # required: n8n keeps everything in $N8N_USER_FOLDER/.n8n
#   source scripts/n8n-env.sh                  # optional inputs: N8N_PORT, N8N_RUNNERS_BROKER_PORT
#   n8n_bin import:workflow --input=wf.json    # runs e2e/n8n's CLI with Node 24
#
# What it exports (see e2e/README.md for why each one is there):
#   E2E_DIR, E2E_NODE24_DIR, E2E_N8N_DIR, N8N_BIN (path of n8n's CLI script), E2E_NODE (Node 24 binary)
#   PATH with Node 24 first, TMPDIR inside the user folder, N8N_* settings below.
# And the functions n8n_bin, e2e_node, n8n_free_port, n8n_base_url.
#
# Ports: if N8N_PORT / N8N_RUNNERS_BROKER_PORT are not set, free ports on 127.0.0.1 are picked, so
# several runs can go side by side. Nothing listens on anything but 127.0.0.1.

if [ -z "${BASH_VERSION:-}" ]; then
	echo "n8n-env.sh: needs bash" >&2
	return 1 2>/dev/null || exit 1
fi

if [ -z "${N8N_USER_FOLDER:-}" ]; then
	echo "n8n-env.sh: set N8N_USER_FOLDER (e.g. \$(mktemp -d)) before sourcing" >&2
	return 1 2>/dev/null || exit 1
fi

_n8n_env_here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
export E2E_DIR="${E2E_DIR:-$(cd "$_n8n_env_here/../e2e" && pwd)}"
export E2E_NODE24_DIR="${E2E_NODE24_DIR:-$E2E_DIR/node24}"
export E2E_N8N_DIR="${E2E_N8N_DIR:-$E2E_DIR/n8n}"
export E2E_NODE="$E2E_NODE24_DIR/bin/node"
export N8N_BIN="$E2E_N8N_DIR/node_modules/n8n/bin/n8n"
unset _n8n_env_here

if [ ! -x "$E2E_NODE" ] || [ ! -f "$N8N_BIN" ]; then
	echo "n8n-env.sh: n8n is not installed ($E2E_NODE or $N8N_BIN missing) - run scripts/setup-n8n.sh" >&2
	return 1 2>/dev/null || exit 1
fi

# Node 24 first on PATH (n8n 2.40 requires Node >= 24; its task runner is spawned with `node` from PATH).
case ":$PATH:" in
*":$E2E_NODE24_DIR/bin:"*) ;;
*) export PATH="$E2E_NODE24_DIR/bin:$PATH" ;;
esac

e2e_node() { "$E2E_NODE" "$@"; }
n8n_bin() { "$E2E_NODE" "$N8N_BIN" "$@"; }

# A free TCP port on 127.0.0.1 (asks the kernel, then releases it).
n8n_free_port() {
	"$E2E_NODE" -e 'const s=require("net").createServer();s.listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})'
}

mkdir -p "$N8N_USER_FOLDER/.n8n" "$N8N_USER_FOLDER/tmp"
export N8N_USER_FOLDER
export TMPDIR="$N8N_USER_FOLDER/tmp"

# --- where n8n listens: loopback only --------------------------------------------------------------
export N8N_PORT="${N8N_PORT:-$(n8n_free_port)}"
export N8N_RUNNERS_BROKER_PORT="${N8N_RUNNERS_BROKER_PORT:-$(n8n_free_port)}"
if [ "$N8N_RUNNERS_BROKER_PORT" = "$N8N_PORT" ]; then
	export N8N_RUNNERS_BROKER_PORT="$(n8n_free_port)"
fi
export N8N_LISTEN_ADDRESS=127.0.0.1
export N8N_HOST=127.0.0.1
export N8N_PROTOCOL=http
export N8N_RUNNERS_BROKER_LISTEN_ADDRESS=127.0.0.1
# 2.x reads N8N_WEBHOOK_URL (test + production base); WEBHOOK_URL is the 1.x name, still read by 2.40 as
# a fallback for production URLs but reported as deprecated - so only N8N_WEBHOOK_URL is set.
export N8N_WEBHOOK_URL="http://127.0.0.1:${N8N_PORT}/"
unset WEBHOOK_URL
n8n_base_url() { printf 'http://127.0.0.1:%s' "$N8N_PORT"; }

# --- fixed secrets / instance identity -------------------------------------------------------------
# Fixed so credentials imported with `n8n import:credentials` decrypt in every command of the run.
export N8N_ENCRYPTION_KEY="${N8N_ENCRYPTION_KEY:-n8n-nodes-briqpay-e2e-not-a-secret-0000}"
export N8N_ENFORCE_SETTINGS_FILE_PERMISSIONS=true
export DB_TYPE=sqlite

# --- every outbound feature off ----------------------------------------------------------------------
export N8N_DIAGNOSTICS_ENABLED=false
export N8N_PERSONALIZATION_ENABLED=false
export N8N_VERSION_NOTIFICATIONS_ENABLED=false
export N8N_VERSION_NOTIFICATIONS_WHATS_NEW_ENABLED=false
export N8N_TEMPLATES_ENABLED=false
export N8N_HIRING_BANNER_ENABLED=false
export N8N_DYNAMIC_BANNERS_ENABLED=false
export N8N_LICENSE_AUTO_RENEW_ENABLED=false
export N8N_AI_ENABLED=false
export N8N_VERIFIED_PACKAGES_ENABLED=false
export N8N_REINSTALL_MISSING_PACKAGES=false
# Installing packages through the UI is not used here; set explicitly to silence 2.40's deprecation
# warning about its default. Packages placed in .n8n/nodes/node_modules load either way.
export N8N_UNVERIFIED_PACKAGES_ENABLED=true
# 2.40 only (crashes 2.8.4): the MCP registry module fetches a remote catalogue at start.
export N8N_DISABLED_MODULES=mcp-registry
# Off by default in 2.40; spelled out because the end-to-end tests call a fake API on 127.0.0.1.
export N8N_SSRF_PROTECTION_ENABLED=false

# --- helpers for scripts that run `n8n start` ------------------------------------------------------------
# n8n_start_bg LOGFILE      start `n8n start` in the background in its own process group; sets N8N_PID.
#                           Pair with n8n_stop (and a trap) so it never outlives the caller.
n8n_start_bg() {
	local logfile="$1" restore_m=0
	# Job control on for this one `&`: the job gets its own process group (pgid = $!), so n8n_stop can
	# signal n8n and its task-runner child together. (setsid would fork when the caller leads a group.)
	case $- in *m*) ;; *)
		set -m
		restore_m=1
		;;
	esac
	"$E2E_NODE" "$N8N_BIN" start >"$logfile" 2>&1 </dev/null &
	N8N_PID=$!
	if [ "$restore_m" = 1 ]; then set +m; fi
	export N8N_PID
}

# n8n_wait_ready TIMEOUT_S  wait for GET /healthz/readiness = 200 (DB migrated, server up). Fails if n8n died.
n8n_wait_ready() {
	local timeout="${1:-120}" start=$SECONDS code
	while ((SECONDS - start < timeout)); do
		if [ -n "${N8N_PID:-}" ] && ! kill -0 "$N8N_PID" 2>/dev/null; then
			echo "n8n_wait_ready: n8n (pid $N8N_PID) exited" >&2
			return 1
		fi
		code="$(curl -s -o /dev/null -w '%{http_code}' --max-time 2 "$(n8n_base_url)/healthz/readiness" || true)"
		[ "$code" = 200 ] && return 0
		sleep 0.2
	done
	echo "n8n_wait_ready: not ready after ${timeout}s" >&2
	return 1
}

# n8n_wait_webhook URL [PROBE_METHOD] [TIMEOUT_S]
#   Wait until the production webhook URL is registered, without triggering it: it sends PROBE_METHOD
#   (default GET - use one the webhook does NOT listen on). n8n answers 404 either way, but for a path
#   registered for another method the body says "not registered for GET requests" and carries no "hint";
#   an unregistered path has the "The workflow must be active..." hint.
n8n_wait_webhook() {
	local url="$1" method="${2:-GET}" timeout="${3:-90}" start=$SECONDS body code
	while ((SECONDS - start < timeout)); do
		if [ -n "${N8N_PID:-}" ] && ! kill -0 "$N8N_PID" 2>/dev/null; then
			echo "n8n_wait_webhook: n8n (pid $N8N_PID) exited" >&2
			return 1
		fi
		body="$(curl -s -X "$method" -w '\n%{http_code}' --max-time 5 "$url" || true)"
		code="${body##*$'\n'}"
		if [ "$code" != 404 ] && [ "$code" != 000 ]; then return 0; fi
		if [ "$code" = 404 ] && [[ "$body" != *'"hint"'* ]]; then return 0; fi
		sleep 0.5
	done
	echo "n8n_wait_webhook: $url not registered after ${timeout}s" >&2
	return 1
}

# n8n_stop [TIMEOUT_S]      SIGTERM the process group started by n8n_start_bg, wait, then SIGKILL.
n8n_stop() {
	local timeout="${1:-30}" start=$SECONDS
	[ -n "${N8N_PID:-}" ] || return 0
	if kill -0 "$N8N_PID" 2>/dev/null; then
		kill -TERM -- "-$N8N_PID" 2>/dev/null || kill -TERM "$N8N_PID" 2>/dev/null || true
		while kill -0 "$N8N_PID" 2>/dev/null && ((SECONDS - start < timeout)); do sleep 0.2; done
		if kill -0 "$N8N_PID" 2>/dev/null; then
			echo "n8n_stop: n8n did not stop in ${timeout}s - killing" >&2
			kill -KILL -- "-$N8N_PID" 2>/dev/null || kill -KILL "$N8N_PID" 2>/dev/null || true
		fi
	fi
	# the task runner child is in the same group; make sure nothing of the group is left
	kill -KILL -- "-$N8N_PID" 2>/dev/null || true
	wait "$N8N_PID" 2>/dev/null || true
	N8N_PID=
}
