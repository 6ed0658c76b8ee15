#!/usr/bin/env bash
# Postgres and Redis for the queue-mode end-to-end test (test/queue), from Debian packages.
#
#   scripts/setup-queue-deps.sh     # idempotent: nothing to do when both are installed (~0 s)
#
# Installs `postgresql` and `redis-server` with apt-get when their binaries are missing (needs root and
# Debian's package servers, as on CI). The packages' own services are NOT started: a temporary
# policy-rc.d refuses service starts during the install, and the tests start private instances on free
# 127.0.0.1 ports (scripts/sandbox/services.js).
set -euo pipefail

log() { printf '[setup-queue-deps] %s\n' "$*"; }
die() {
	printf '[setup-queue-deps] ERROR: %s\n' "$*" >&2
	exit 1
}

have_postgres() { compgen -G '/usr/lib/postgresql/*/bin/postgres' >/dev/null && command -v psql >/dev/null; }
have_redis() { command -v redis-server >/dev/null && command -v redis-cli >/dev/null; }

if have_postgres && have_redis; then
	log "postgres $(ls /usr/lib/postgresql | sort -n | tail -n 1) and $(redis-server --version | awk '{print $3}') already installed"
	exit 0
fi

packages=()
have_postgres || packages+=(postgresql)
have_redis || packages+=(redis-server)
[ "$(id -u)" = 0 ] || die "missing ${packages[*]}; install them as root: apt-get update && apt-get install -y ${packages[*]}"
command -v apt-get >/dev/null || die "missing ${packages[*]} and no apt-get: install Postgres (15+) and Redis (7+) yourself"

# No service of these packages may start (and be left running) because of the install.
policy=/usr/sbin/policy-rc.d
own_policy=0
if [ ! -e "$policy" ]; then
	printf '#!/bin/sh\nexit 101\n' >"$policy"
	chmod 755 "$policy"
	own_policy=1
fi
cleanup() { if [ "$own_policy" = 1 ]; then rm -f "$policy"; fi; }
trap cleanup EXIT

export DEBIAN_FRONTEND=noninteractive
t=$SECONDS
log "apt-get install ${packages[*]} ..."
apt-get -o DPkg::Lock::Timeout=600 update -qq >/dev/null
apt-get -o DPkg::Lock::Timeout=600 install -y -qq --no-install-recommends "${packages[@]}" >/dev/null
have_postgres || die "postgresql installed but /usr/lib/postgresql/*/bin/postgres or psql is missing"
have_redis || die "redis-server installed but redis-server or redis-cli is missing"
log "installed in $((SECONDS - t)) s"
