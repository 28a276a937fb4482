#!/usr/bin/env bash
# `npm pack`, then a global install of the tarball with npm <npm-major> under Node <node-major> and
# no flags; its `tt` must bring a demo agent up, report it and stop it.
#   .ci/global-install.sh <node-major> <npm-major>
set -euo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
bin="$(node "$repo/scripts/node-toolchain.mjs" "$1" "$2")"
work="$(mktemp -d "${TMPDIR:-/tmp}/tutti-ci-global-XXXXXX")"
socket="tutti-ci-global-$$"
# tmux leaves its socket file behind when the server is killed.
trap 'tmux -L "$socket" kill-server >/dev/null 2>&1 || true; rm -f "${TMUX_TMPDIR:-/tmp}/tmux-$(id -u)/$socket"; rm -rf "$work"' EXIT
tarball="$(cd "$repo" && npm pack --silent --pack-destination "$work" | tail -n1)"
export PATH="$work/prefix/bin:$bin:$PATH"
echo "ci: npm i -g $tarball with node $(node --version), npm $(npm --version), no flags"
npm install -g --prefix "$work/prefix" "$work/$tarball" --no-audit --no-fund 2>&1 | tee "$work/install.log"
if grep -E 'EBADENGINE|npm error' "$work/install.log"; then
	echo "ci: the global install warned about engines or failed" >&2
	exit 1
fi
[ "$(command -v tt)" = "$work/prefix/bin/tt" ] || { echo "ci: tt is not the globally installed one" >&2; exit 1; }
mkdir "$work/project"
cd "$work/project"
git init -q -b main
git -c user.name=ci -c user.email=ci@tutti.invalid commit -q --allow-empty -m init
cat >tutti.toml <<'TOML'
[workspace]
name = "global-ci"

[defaults]
worktree = true

[[agent]]
name = "solo"
runtime = "demo"
TOML
export TUTTI_TMUX_SOCKET="$socket"
tt --version
tt up solo
for _ in $(seq 1 100); do
	state="$(tt status --json | node -e 'let s="";process.stdin.on("data",(d)=>s+=d).on("end",()=>console.log(JSON.parse(s)[0]?.state ?? ""))')"
	[ "$state" = idle ] && break
	sleep 0.1
done
[ "$state" = idle ] || { tt status; echo "ci: the demo agent never became idle (last: $state)" >&2; exit 1; }
tt status
tt doctor | grep -E '^sqlite'
tt down solo
echo "ci: global install ok under node $1 / npm $2"
