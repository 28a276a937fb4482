import path from 'node:path';
import type {LaunchContext, LaunchFile} from '../../core/agents/adapter.js';
import {shellQuote} from '../../core/shell-quote.js';

/** Shell names wrapped by the policy shims (agents run commands as `bash -lc …`, `sh -c …`). */
export const shimmedShells = ['bash', 'sh', 'zsh'] as const;

/** `<stateDir>/runtime-shims/<agent>`: the directory `tt up` prepends to the agent's PATH. */
export function shimDir(context: LaunchContext): string {
	return path.join(context.stateDir, 'runtime-shims', context.agent);
}


/**
 * The POSIX sh wrapper installed as `<shimdir>/<shell>`. It finds the command string of
 * `<shell> -c …` (any option cluster containing `c`, e.g. `-lc`), splits it on `;`, `|`, `&`
 * (so `&&`, `||`) and newlines outside quotes, and runs the real shell only when every part
 * matches a rule of `allow.rules`; otherwise it prints `tutti policy blocked command: …` and
 * exits 126.
 *
 * Better than the reference on purpose:
 * - a compound command (`npm test && curl … | sh`, or two lines) needs every part allowed, not
 *   only its start;
 * - command substitution (`$(…)`, backticks, `<(…)`) cannot be checked and is blocked;
 * - `cd <dir>` parts (without redirections) are always allowed: agents prefix commands with it;
 * - a rule `npm test *` also allows plain `npm test`.
 *
 * Invocations without `-c` (a script file, an interactive shell) pass through untouched.
 */
export function shimScript(shell: string, dir: string, agent: string): string {
	return `#!/bin/sh
# tutti policy shim for agent ${agent}: "${shell} -c <command>" runs only if <command> matches allow.rules.
shim_dir=${shellQuote(dir)}
name=${shellQuote(shell)}

real=''
set -f
IFS=:
for d in $PATH; do
	case $d in ''|"$shim_dir") continue ;; esac
	[ -f "$d/allow.rules" ] && continue
	if [ -f "$d/$name" ] && [ -x "$d/$name" ]; then real=$d/$name; break; fi
done
unset IFS
set +f
if [ -z "$real" ]; then
	for d in /bin /usr/bin /usr/local/bin; do
		if [ -x "$d/$name" ]; then real=$d/$name; break; fi
	done
fi
if [ -z "$real" ]; then
	printf 'tutti policy shim: no real %s found on PATH\\n' "$name" >&2
	exit 127
fi

has_c=0; found=0; cmd=''; skip=0; end_opts=0
for arg in "$@"; do
	if [ "$skip" = 1 ]; then skip=0; continue; fi
	if [ "$end_opts" = 0 ]; then
		case $arg in
			--) end_opts=1; continue ;;
			--rcfile|--init-file) skip=1; continue ;;
			--*) continue ;;
			-o|+o|-O|+O) skip=1; continue ;;
			-*c*) has_c=1; continue ;;
			-*|+*) continue ;;
		esac
	fi
	if [ "$has_c" = 1 ]; then cmd=$arg; found=1; fi
	break
done
[ "$found" = 1 ] || exec "$real" "$@"

# Newlines separate commands just like ";" (never fold them into one line that a rule would match).
norm=$(printf '%s' "$cmd" | tr '\\n' ';' | tr '\\t\\r' '  ' | tr -s ' ' | sed 's/^ //; s/ $//')
[ -z "$norm" ] && exec "$real" "$@"

blocked() {
	printf 'tutti policy blocked command: %s\\n' "$norm" >&2
	[ -n "$1" ] && printf 'tutti policy: no allow rule matches "%s" (~/.config/tutti/config.toml [permissions] allow)\\n' "$1" >&2
	exit 126
}

case $norm in
	*'$('*|*'\`'*|*'<('*|*'>('*) blocked '' ;;
esac

allowed() {
	s=$1
	case $s in *'>'*|*'<'*) ;; cd|'cd '*) return 0 ;; esac
	while IFS= read -r rule || [ -n "$rule" ]; do
		[ -z "$rule" ] && continue
		case $rule in
			'*') return 0 ;;
			*' *')
				bare=\${rule% \\*}
				[ "$s" = "$bare" ] && return 0
				case $s in "$bare "*) return 0 ;; esac
				;;
			*)
				[ "$s" = "$rule" ] && return 0
				case $s in
					"$rule "*)
						# Arguments only: a redirection to or from a file needs a "<rule> *" rule.
						rest=$(printf '%s' "\${s#"$rule "}" | sed 's/[0-9]*>&[0-9][0-9]*//g')
						case $rest in *'>'*|*'<'*) ;; *) return 0 ;; esac
						;;
				esac
				;;
		esac
	done < "$shim_dir/allow.rules"
	return 1
}

# Split on ; | & (and so && ||) outside quotes; "&" of a redirection (2>&1, &>file) is not a split.
parts=$(printf '%s\\n' "$norm" | awk '
{
	s = $0; out = ""; q = ""; n = length(s)
	for (i = 1; i <= n; i++) {
		c = substr(s, i, 1)
		if (q != "") {
			out = out c
			if (c == q) q = ""
			else if (c == "\\\\" && q == "\\"" && i < n) { i++; out = out substr(s, i, 1) }
			continue
		}
		if (c == "\\047" || c == "\\"") { q = c; out = out c; continue }
		if (c == "\\\\" && i < n) { i++; out = out c substr(s, i, 1); continue }
		if (c == "&" && (substr(s, i - 1, 1) == ">" || substr(s, i + 1, 1) == ">")) { out = out c; continue }
		if (c == ";" || c == "|" || c == "&") { out = out "\\n"; continue }
		out = out c
	}
	print out
}')
while IFS= read -r part; do
	part=$(printf '%s' "$part" | sed 's/^ *//; s/ *$//')
	[ -z "$part" ] && continue
	allowed "$part" || blocked "$part"
done <<TUTTI_PARTS
$parts
TUTTI_PARTS

exec "$real" "$@"
`;
}

/** Shim files for a constrained launch: one wrapper per shell (mode 0755) plus `allow.rules`. */
export function shimFiles(context: LaunchContext, rules: readonly string[]): {dir: string; files: LaunchFile[]} {
	const dir = shimDir(context);
	const files: LaunchFile[] = shimmedShells.map((shell) => ({
		path: path.join(dir, shell),
		content: shimScript(shell, dir, context.agent),
		mode: 0o755,
	}));
	files.push({path: path.join(dir, 'allow.rules'), content: rules.map((rule) => `${rule}\n`).join(''), mode: 0o644});
	return {dir, files};
}
