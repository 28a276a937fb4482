#!/usr/bin/env bash
# Runs the README's first command (`npm run demo`) in the current checkout with the node/npm on
# PATH, checks the team really worked (each agent committed on its branch), then removes the demo
# project and its private tmux server.
set -euo pipefail
socket="tutti-ci-demo-$$"
log="$(mktemp)"
dir=""
cleanup() {
	tmux -L "$socket" kill-server >/dev/null 2>&1 || true
	# tmux leaves its socket file behind when the server is killed.
	rm -f "${TMUX_TMPDIR:-/tmp}/tmux-$(id -u)/$socket"
	[ -n "$dir" ] && rm -rf "$dir"
	rm -f "$log"
}
trap cleanup EXIT
if ! TUTTI_TMUX_SOCKET="$socket" npm run demo >"$log" 2>&1; then
	cat "$log"
	echo "ci: npm run demo failed under node $(node --version), npm $(npm --version)" >&2
	exit 1
fi
dir="$(sed -n 's/^tutti demo — a project in \(.*\) with three demo agents\( (workspace .*)\)\{0,1\}$/\1/p' "$log" | head -n1)"
if [ -z "$dir" ]; then
	cat "$log"
	echo "ci: the demo's output does not say where its project is" >&2
	exit 1
fi
for branch_commit in "planner:docs: team notes" "implementer:feat: add version" "tester:test: cover version"; do
	branch="tutti/${branch_commit%%:*}"
	subject="${branch_commit#*:}"
	# Read the log whole first: `grep -q` closing the pipe early would fail git under pipefail.
	subjects="$(git -C "$dir" log --format=%s "$branch" 2>&1 || true)"
	if ! grep -qxF "$subject" <<<"$subjects"; then
		cat "$log"
		echo "ci: the demo's $branch has no commit \"$subject\"" >&2
		exit 1
	fi
done
if grep -q 'error\[' "$log"; then
	cat "$log"
	exit 1
fi
echo "ci: npm run demo ok under node $(node --version), npm $(npm --version): three agents committed on their branches"
