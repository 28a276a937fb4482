import type {AgentState} from './types.js';

/**
 * Screen rules are data: each adapter lists patterns over a region of the screen model. Only the
 * live region of the screen is looked at (the bottom rows where prompt boxes, status lines and
 * dialogs live), never scrollback, so an answer that talks about "rate limits" does not change
 * the state.
 */
export type ScreenRegion =
	/** The last N non-empty rows of the visible screen (N = `rows`, default 8). */
	| 'bottom'
	/** The whole visible screen. Use sparingly: answers are visible there too. */
	| 'screen'
	/** The pane title (OSC 0/2). */
	| 'title';

export type ScreenRule = {
	/** Stable id, shown by `tt explain`; unique within an adapter. */
	id: string;
	state: AgentState;
	/** Regular expression source (tested against each line of the region, or the title). */
	pattern: string;
	/** Regex flags. @default 'i' */
	flags?: string;
	region: ScreenRegion;
	/** For `bottom`: how many non-empty rows from the bottom. @default 8 */
	rows?: number;
	/** Lower numbers win when several rules match. Dialogs and errors beat busy beats idle. */
	priority: number;
	/**
	 * The match is history, not the present, when at least `count` rows below it match
	 * `pattern` — for an error that stays in the transcript after a later prompt: the later
	 * prompt's echo and the input box both show as prompt rows, where a live error has only the
	 * input box under it. Row counting alone cannot tell them apart once text is typed into the
	 * box (the CLI hides its hint rows and the old error moves up into range).
	 */
	supersededBelow?: {pattern: string; count: number};
	/**
	 * A long status line wraps on a narrow pane (`… (2s · esc to` / `      cancel)`): up to this
	 * many indented rows under a row are read as its continuation, joined to it with a space,
	 * before the pattern is tested. The anchor of the pattern still applies to the first row.
	 */
	wraps?: number;
	/**
	 * The match counts only when the screen's last non-empty row is a shell prompt: a CLI's goodbye
	 * text means it exited only once the shell that started it is back.
	 */
	shellBelow?: boolean;
};

export type ScreenInput = {
	/** Visible rows of the screen, top to bottom, without trailing blanks per row. */
	lines: readonly string[];
	title?: string | undefined;
};

export type ScreenMatch = {rule: ScreenRule; line: string; lineIndex: number};

const compiled = new Map<string, RegExp>();

function regexOf(pattern: string, flags: string): RegExp {
	const key = `${flags}/${pattern}`;
	let regex = compiled.get(key);
	if (!regex) {
		regex = new RegExp(pattern, flags);
		compiled.set(key, regex);
	}
	return regex;
}

const regexFor = (rule: ScreenRule): RegExp => regexOf(rule.pattern, rule.flags ?? 'i');

function superseded(rule: ScreenRule, lines: readonly string[], index: number): boolean {
	if (!rule.supersededBelow) return false;
	const {pattern, count} = rule.supersededBelow;
	const regex = regexOf(pattern, rule.flags ?? 'i');
	let seen = 0;
	for (let below = index + 1; below < lines.length && seen < count; below++) if (regex.test(lines[below] ?? '')) seen++;
	return seen >= count;
}

// A wrapped row continues deeper than any status glyph column (0–2): three or more spaces.
const continuationRow = /^\s{3,}\S/;

/** The row at `index` with up to `wraps` continuation rows under it joined on. */
function rowWithContinuation(lines: readonly string[], index: number, wraps: number): string {
	let row = lines[index] ?? '';
	for (let below = index + 1; below <= index + wraps && continuationRow.test(lines[below] ?? ''); below++) row += ` ${(lines[below] ?? '').trim()}`;
	return row;
}

/** A shell's prompt, waiting for input (`user@host:~/p$`, `#`, zsh's `%`); not a CLI's `>`/`❯` box. */
const shellPrompt = /^(?:\([^)]*\)\s*)?(?:[\w.-]+@[\w.-]+(?::\S*)?\s*)?[\w~/.:-]*\s?[$#%]\s*$/;

function shellIsBack(lines: readonly string[]): boolean {
	for (let index = lines.length - 1; index >= 0; index--) if ((lines[index] ?? '').trim() !== '') return shellPrompt.test(lines[index] ?? '');
	return false;
}

/** Index of the first row of the live region: the last `rows` non-empty rows. */
export function liveRegionStart(lines: readonly string[], rows: number): number {
	let seen = 0;
	for (let index = lines.length - 1; index >= 0; index--) {
		if ((lines[index] ?? '').trim() !== '') {
			seen++;
			if (seen === rows) return index;
		}
	}
	return 0;
}

/** All matches of the rules on the screen, best (lowest priority number, then lowest on screen) first. */
export function matchScreenRules(rules: readonly ScreenRule[], input: ScreenInput): ScreenMatch[] {
	const matches: ScreenMatch[] = [];
	for (const rule of rules) {
		if (rule.shellBelow && !shellIsBack(input.lines)) continue;
		const regex = regexFor(rule);
		if (rule.region === 'title') {
			if (input.title !== undefined && regex.test(input.title)) matches.push({rule, line: input.title, lineIndex: -1});
			continue;
		}
		const start = rule.region === 'screen' ? 0 : liveRegionStart(input.lines, rule.rows ?? 8);
		for (let index = input.lines.length - 1; index >= start; index--) {
			const line = rule.wraps ? rowWithContinuation(input.lines, index, rule.wraps) : (input.lines[index] ?? '');
			if (line.trim() !== '' && regex.test(line)) {
				// A superseded match is history; any higher match of the rule is older still.
				if (!superseded(rule, input.lines, index)) matches.push({rule, line, lineIndex: index});
				break;
			}
		}
	}
	// Equal priorities: the lowest line on screen is the newest, and decides.
	return matches.sort((a, b) => a.rule.priority - b.rule.priority || b.lineIndex - a.lineIndex);
}
