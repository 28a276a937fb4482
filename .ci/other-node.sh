#!/usr/bin/env bash
# The README's two commands on a clean clone under another Node and npm from the npm registry
# (the tests without the browser suites):
#   .ci/other-node.sh <node-major> <npm-major>
set -euo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
bin="$(node "$repo/scripts/node-toolchain.mjs" "$1" "$2")"
nodedir="$(node "$repo/scripts/node-toolchain.mjs" "$1" "$2" --nodedir)"
work="$(mktemp -d "${TMPDIR:-/tmp}/tutti-ci-node$1-XXXXXX")"
trap 'rm -rf "$work"' EXIT
git clone -q "$repo" "$work/tutti"
cd "$work/tutti"
export PATH="$bin:$PATH"
# better-sqlite3 (the optional engine) builds against this Node's own headers, not the system Node's.
export npm_config_nodedir="$nodedir"
echo "ci: node $(node --version), npm $(npm --version) in a clean clone"
npm ci --no-audit --no-fund 2>&1 | tee "$work/npm-ci.log"
if grep -E 'EBADENGINE|install-scripts|allowScripts' "$work/npm-ci.log"; then
	echo "ci: npm ci under node $1 / npm $2 warned about engines or install scripts" >&2
	exit 1
fi
bash .ci/demo.sh
# The unit and integration tests (the browser suites drive Chromium the same way under any Node:
# the Node 20 run has them, and the whole CI run must stay under 30 minutes).
npm test -- --exclude 'test/browser/**'
