#!/usr/bin/env bash
# Makes sure npm is at least the version package.json's "devEngines" asks for (11.19: the first npm
# that honours package.json's "allowScripts", which keeps the dev tools' install scripts off while
# this package's own prepack still builds). Installs npm 11 globally when it is older.
# Used by .ci/run and the GitHub workflows, before `npm install`.
set -euo pipefail
cd "$(dirname "$0")/.."
wanted="$(node -p "require('./package.json').devEngines.packageManager.version.replace(/^>=/, '')")"
have="$(npm --version)"
if node -e '
  const [have, wanted] = process.argv.slice(1).map((v) => v.split(".").map(Number));
  for (let i = 0; i < 3; i++) if (have[i] !== wanted[i]) process.exit(have[i] > wanted[i] ? 0 : 1);
' "$have" "$wanted"; then
  echo "npm $have (>= $wanted)"
else
  echo "npm $have is older than $wanted: installing npm 11"
  npm install -g "npm@^$wanted" --no-audit --no-fund
  npm --version
fi
