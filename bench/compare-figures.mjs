// The benchmarks bench/compare-builds.mjs runs, shortened so the whole comparison fits in about
// 15 minutes on a shared 2-core machine, and the figures read from what each one prints.
// `lower`: whether a smaller figure is better. `head`: the figure a bench is judged by.

const number = (text) => (text === 'Infinity' ? Number.POSITIVE_INFINITY : text === 'n/a' ? Number.NaN : Number(text));

/** One figure from the first match of `pattern` (its first group). */
const figure = (label, pattern, {lower = true, head = false} = {}) => ({label, lower, head, read: (out) => number(pattern.exec(out)?.[1] ?? 'n/a')});

/**
 * `sameHarness`: the new tree's bench file also runs in the old tree (copied there, built against
 * the old sources), where the old file would measure the builds differently.
 * @type {Record<string, {kind: 'ts' | 'mjs', sameHarness?: boolean, args?: string[], env?: Record<string, string>, rounds?: number, figures: Array<ReturnType<typeof figure>>}>}
 */
export const benchmarks = {
	// Screen change → state event with 20 agents, streaming and the 1 s capture-pane baseline. The
	// old file timed from deliverPrompt's return, which now comes after the screen showed the
	// prompt taken (so after most state changes): both builds are timed from Enter instead.
	'observe-latency': {
		kind: 'ts',
		sameHarness: true,
		env: {AGENTS: '20', ROUNDS: '1'},
		figures: [
			figure('stream median ms', /streaming \(control mode\)\s+median\s+(\S+) ms/, {head: true}),
			figure('stream p99 ms', /streaming \(control mode\)\s+median\s+\S+ ms\s+p99\s+(\S+) ms/),
			figure('stream missed', /streaming \(control mode\).*?, (\d+) missed/),
			figure('poll median ms', /baseline: capture-pane every 1 s\s+median\s+(\S+) ms/),
		],
	},
	// Idle cost: 20 idle agents watched by the streaming observer with the recorder on.
	'observe-idle': {
		kind: 'ts',
		env: {AGENTS: '20', DURATION_S: '15'},
		figures: [
			figure('observer CPU %', /observer CPU\s+(\S+) %/, {head: true}),
			figure('tmux server CPU %', /tmux server CPU\s+(\S+) %/),
			figure('processes/s', /processes spawned\s+(\S+) per second/),
			figure('RSS last MB', /resident memory \(MB\)\s+(?:\S+ → )*(\S+)\s+\(growth/),
		],
	},
	// tt watch with 16 demo agents: idle CPU, then all printing (frame work, keys, busy CPU).
	'watch-frames': {
		kind: 'mjs',
		args: ['--minutes', '0.5', '--agents', '16', '--idle-seconds', '10'],
		rounds: 2,
		figures: [
			figure('frame work median ms', /frame work median (\S+) ms/, {head: true}),
			figure('frame work p95 ms', /frame work median \S+ ms, p95 (\S+) ms/),
			figure('frames/s', /frames: \d+ \((\S+) \/s\)/, {lower: false}),
			figure('Ink paint median ms', /Ink paint median (\S+) ms/),
			figure('key latency median ms', /latency median (\S+) ms/),
			figure('key in tt watch median ms', /in tt watch median (\S+) ms/),
			figure('idle CPU %', /idle: CPU of tt watch .*?: (\S+) %/),
			figure('busy CPU %', /CPU while busy: (\S+) %/),
			figure('RSS max MiB', /max (\S+) MiB \(ratio/),
		],
	},
	// tt status --json cold start; `× node -e 0` is the bench's own same-run ratio to a bare node.
	'status-cold-start': {
		kind: 'mjs',
		env: {RUNS: '8'},
		rounds: 4,
		figures: [
			// The first SQLite engine this Node loads (node:sqlite where there is one, else better-sqlite3).
			figure('tt status --json ms', /tt status --json \(\S+\s*\)\s+median (\S+) ms/, {head: true}),
			figure('tt status × node -e 0', /tt status --json \(\S+\s*\)\s+median \S+ ms\s+ratio (\S+)x/),
			figure('node -e 0 ms', /node -e 0\s+median (\S+) ms/),
		],
	},
	// 200 SSE clients: paced events (10 ms apart), a burst, and events written by another process.
	'serve-sse-fanout': {
		kind: 'mjs',
		args: ['--clients', '200', '--events', '300', '--interval-ms', '10', '--burst', '1000'],
		figures: [
			figure('paced p99 ms', /paced: event → client\s+p50 \S+ ms\s+p99 (\S+) ms/, {head: true}),
			figure('paced p50 ms', /paced: event → client\s+p50 (\S+) ms/),
			figure('burst deliveries/s', /burst \(stress, informational\): (\d+) deliveries\/s/, {lower: false}),
			figure('other process p50 ms', /other process → client .*?p50 (\S+) ms/),
			figure('connect all ms', /connect \+ snapshot, all clients\s+(\S+) ms/),
			figure('server RSS after MB', /server memory\s+rss \S+ MB → (\S+) MB/),
		],
	},
};

/** Not printed by a bench: the wall time of its whole run (start-up, `tt up`, teardown included). */
export const wholeRun = {label: 'whole run s', lower: true, head: false};

export const median = (values) => {
	const sorted = values.filter((value) => !Number.isNaN(value)).sort((a, b) => a - b);
	if (sorted.length === 0) return Number.NaN;
	const middle = Math.floor(sorted.length / 2);
	return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
};

const show = (value) => (Number.isNaN(value) ? 'n/a' : !Number.isFinite(value) ? '∞' : Math.abs(value) >= 100 ? value.toFixed(0) : value.toFixed(Math.abs(value) >= 10 ? 1 : 2));

/**
 * The side-by-side: per figure the old and new medians over the rounds, new/old, and the spread of
 * the round-by-round ratios (a wide one says the machine was noisy). `worse` marks a figure whose
 * ratio is more than `bar` the wrong way.
 */
export function table(results, bar = 1.15) {
	const rows = [['benchmark', 'figure', 'old', 'new', 'new/old', 'rounds (min–max ratio)', '']];
	const worse = [];
	for (const {name, rounds} of results) {
		for (const [index, spec] of [...benchmarks[name].figures, wholeRun].entries()) {
			const olds = rounds.map((round) => round.old[spec.label] ?? Number.NaN);
			const news = rounds.map((round) => round.new[spec.label] ?? Number.NaN);
			const ratio = median(news) / median(olds);
			const pairs = olds.map((old, index) => news[index] / old).filter(Number.isFinite);
			const bad = spec.lower ? ratio > bar : ratio < 1 / bar;
			if (bad) worse.push(`${name}: ${spec.label}`);
			rows.push([
				index === 0 ? name : '',
				`${spec.head ? '* ' : ''}${spec.label}${spec.lower ? '' : ' (higher is better)'}`,
				show(median(olds)),
				show(median(news)),
				Number.isFinite(ratio) ? ratio.toFixed(2) : 'n/a',
				`${pairs.length} (${pairs.length > 0 ? `${Math.min(...pairs).toFixed(2)}–${Math.max(...pairs).toFixed(2)}` : 'n/a'})`,
				bad ? 'WORSE' : '',
			]);
		}
	}
	const widths = rows[0].map((_, column) => Math.max(...rows.map((row) => row[column].length)));
	const lines = rows.map((row) => row.map((cell, column) => (column >= 2 && column <= 4 ? cell.padStart(widths[column]) : cell.padEnd(widths[column]))).join('  ').trimEnd());
	lines.splice(1, 0, widths.map((width) => '-'.repeat(width)).join('  '));
	return {text: lines.join('\n'), worse};
}
