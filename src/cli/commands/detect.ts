import {readFileSync, statSync} from 'node:fs';
import os from 'node:os';
import {findAgent} from '../../core/config/index.js';
import {normalizeRuntime, runtimeIds} from '../../core/agents/adapter.js';
import {currentVerdict, observeAgent} from '../../core/agents/observe.js';
import {TuttiError} from '../../core/errors.js';
import {capturedPane} from '../../core/state/captured.js';
import {diagnoseScreen, referenceStatus, type Diagnosis} from '../../core/state/diagnose.js';
import {statePresentation} from '../../core/model/presentation.js';
import {parseAgentRef} from '../context.js';
import {decidedBy, recorderText, sameDecision} from '../explain-text.js';
import {whenText} from '../when-text.js';
import {paint, type Output} from '../output.js';
import {handler, intOption, type Register} from '../program.js';
import {formatState} from './status.js';

type DetectFlags = {json?: boolean; runtime?: string; fromFile?: string; cols: number; rows: number};

/** Turns a recorded screen file (plain text, or raw output with ANSI escapes) into screen rows. */
async function screenFromFile(file: string, cols: number, rows: number): Promise<{lines: string[]; title: string}> {
	let data: Buffer;
	try {
		if (!statSync(file).isFile()) throw new TuttiError('ERR_USAGE', `${file} is not a file`, {hint: 'Pass a file holding a captured screen.'});
		data = readFileSync(file);
	} catch (error) {
		if (error instanceof TuttiError) throw error;
		throw new TuttiError('ERR_USAGE', `cannot read ${file}: ${error instanceof Error ? error.message : String(error)}`, {hint: 'Check the path.'});
	}
	if (data.length === 0) throw new TuttiError('ERR_USAGE', `${file} is empty`, {hint: 'Capture a screen first, e.g. tmux capture-pane -p -e > screen.txt'});
	if (data.includes(0)) throw new TuttiError('ERR_USAGE', `${file} looks binary (it contains NUL bytes), not a captured screen`, {hint: 'Pass text from tmux capture-pane (with or without -e) or a raw output recording.'});
	const text = data.toString('utf8');
	// Everything goes through a terminal of the given size, so cursor moves and colours resolve as on screen.
	const {ScreenModel} = await import('../../core/screen/screen-model.js');
	const screen = new ScreenModel(cols, rows, {scrollback: 0});
	const normalized = /\u001B\[[0-9;?]*[HfJ]|\r(?!\n)/.test(text) ? text : text.replace(/\r?\n/g, '\r\n');
	await screen.write(normalized);
	const snapshot = screen.snapshot();
	screen.dispose();
	return {lines: snapshot.lines, title: snapshot.title};
}

function printDiagnosis(output: Output, diagnosis: Diagnosis, heading: string, indent = ''): void {
	const {verdict} = diagnosis;
	const out = (line: string) => output.out(`${indent}${line}`);
	out(`${heading}: ${formatState(output, verdict.state, verdict.exitStatus)}`);
	out(`  decided by: ${decidedBy(verdict)}`);
	out(`  confidence: ${diagnosis.confidence.toFixed(2)}`);
	printEvidence(output, diagnosis, indent);
}

/** What the screen showed: the pane title, every rule that matched, the live region. */
function printEvidence(output: Output, diagnosis: Diagnosis, indent: string): void {
	const out = (line: string) => output.out(`${indent}${line}`);
	if (diagnosis.title) out(`  pane title: ${diagnosis.title}`);
	out(`  rules that matched (best first):${diagnosis.matches.length === 0 ? ' none' : ''}`);
	for (const match of diagnosis.matches) out(`    ${match.rule} → ${statePresentation[match.state].label}  [${match.region}${match.row >= 0 ? ` row ${match.row}` : ''}] ${JSON.stringify(match.line)}`);
	out(`  live region looked at (rows ${diagnosis.live_region.first_row}…):`);
	for (const row of diagnosis.live_region.rows) out(`    ${paint(output, 'dim', '│')} ${row}`);
}

export const registerDetect: Register = (program, runtime) => {
	program
		.command('detect')
		.description('classify an agent\'s screen now (or a recorded screen file) and show why')
		.argument('[agent]', 'agent name, or <workspace>/<agent>')
		.option('--json', 'machine-readable output')
		.option('--runtime <runtime>', `with --from-file: whose rules to use (${runtimeIds.join(', ')})`)
		.option('--from-file <file>', 'classify a recorded screen (plain or with ANSI escapes) instead of a live agent')
		.option('--cols <n>', 'with --from-file: terminal width', intOption('--cols', 10, 1000), 200)
		.option('--rows <n>', 'with --from-file: terminal height', intOption('--rows', 3, 1000), 50)
		.action(
			handler(runtime, async (reference: string | undefined, flags: DetectFlags) => {
				if (flags.fromFile) {
					if (!flags.runtime) throw new TuttiError('ERR_USAGE', '--from-file needs --runtime', {hint: `e.g. tt detect --runtime claude-code --from-file screen.txt (runtimes: ${runtimeIds.join(', ')})`});
					const id = normalizeRuntime(flags.runtime);
					if (!id) throw new TuttiError('ERR_USAGE', `unknown runtime "${flags.runtime}"`, {hint: `Use one of: ${runtimeIds.join(', ')}.`});
					const adapter = (await runtime.services()).adapters.get(id);
					const {lines, title} = await screenFromFile(flags.fromFile, flags.cols, flags.rows);
					const diagnosis = diagnoseScreen({pane: capturedPane({lines, title, cols: flags.cols, rows: flags.rows}), lines, rules: adapter.screenRules});
					if (flags.json) return runtime.output.json({file: flags.fromFile, runtime: adapter.id, status: referenceStatus(diagnosis), state: diagnosis.verdict.state, source: diagnosis.verdict.source, rule: diagnosis.verdict.rule ?? null, confidence: diagnosis.confidence, matched_patterns: diagnosis.matches.map((match) => `${match.state}:${match.rule}`), auth_match: diagnosis.auth_match, rate_limit_match: diagnosis.rate_limit_match, provider_down_match: diagnosis.provider_down_match, completion_match: diagnosis.completion_match, live_region: diagnosis.live_region});
					return printDiagnosis(runtime.output, diagnosis, `${flags.fromFile} (${adapter.id})`);
				}
				if (!reference) throw new TuttiError('ERR_USAGE', 'name an agent, or pass --runtime and --from-file', {hint: 'tt detect implementer --json'});
				const {workspace, agent: name} = parseAgentRef(reference);
				const ctx = await runtime.workspace({workspace});
				const agent = findAgent(ctx.config, name);
				const observation = await observeAgent(ctx, agent);
				const diagnosis = diagnoseScreen({pane: observation.pane, lines: observation.lines, rules: ctx.rulesFor(agent)});
				if (flags.json) {
					return runtime.output.json({workspace: ctx.name, agent: agent.name, runtime: ctx.runtimeOf(agent), session: ctx.sessionOf(agent.name), status: referenceStatus(diagnosis), confidence: diagnosis.confidence, matched_patterns: diagnosis.matches.map((match) => `${match.state}:${match.rule}`), auth_match: diagnosis.auth_match, rate_limit_match: diagnosis.rate_limit_match, provider_down_match: diagnosis.provider_down_match, completion_match: diagnosis.completion_match, state: diagnosis.verdict.state, source: diagnosis.verdict.source, rule: diagnosis.verdict.rule ?? null, detail: diagnosis.verdict.detail ?? null, live_region: diagnosis.live_region});
				}
				printDiagnosis(runtime.output, diagnosis, agent.name);
			}),
		);

	program
		.command('explain')
		.description('why tutti thinks an agent is in its state: the deciding source and rule, and the screen region looked at')
		.argument('<agent>', 'agent name, or <workspace>/<agent>')
		.option('--json', 'machine-readable output')
		.action(
			handler(runtime, async (reference: string, flags: {json?: boolean}) => {
				const {workspace, agent: name} = parseAgentRef(reference);
				const ctx = await runtime.workspace({workspace});
				const agent = findAgent(ctx.config, name);
				// The verdict tt status reports (the recorder's, when one runs), then the screen's own reading.
				const current = await currentVerdict(ctx, agent);
				const diagnosis = diagnoseScreen({pane: current.pane, lines: current.lines, rules: ctx.rulesFor(agent)});
				const {verdict} = current;
				const recorded = ctx.store.agentStates().get(agent.name);
				const recent = ctx.store.lastEvents(5, agent.name);
				const screen = {state: diagnosis.verdict.state, source: diagnosis.verdict.source, rule: diagnosis.verdict.rule ?? null, detail: diagnosis.verdict.detail ?? null};
				if (flags.json) {
					return runtime.output.json({workspace: ctx.name, agent: agent.name, state: verdict.state, source: verdict.source, rule: verdict.rule ?? null, detail: verdict.detail ?? null, exit_status: verdict.exitStatus ?? null, recorder: current.recorder ?? null, screen, confidence: diagnosis.confidence, matches: diagnosis.matches, live_region: diagnosis.live_region, title: diagnosis.title, recorded: recorded ?? null, recent_events: recent});
				}
				const {output} = runtime;
				const since = current.recorder && recorded?.state === verdict.state ? ` since ${whenText(recorded.since)}` : '';
				output.out(`${agent.name}: ${formatState(output, verdict.state, verdict.exitStatus)}${since}`);
				output.out(`  decided by: ${decidedBy(verdict)}`);
				output.out(current.recorder ? `  recorded by ${recorderText(current.recorder, os.hostname())}, which reads every frame of its screen` : '  from one look now (no tt watch or tt serve is recording this workspace)');
				// The screen's own reading: said once when it tells the same story, in full when it differs.
				if (sameDecision(diagnosis.verdict, verdict)) {
					output.out(`  its screen agrees (confidence ${diagnosis.confidence.toFixed(2)}):`);
					printEvidence(output, diagnosis, '  ');
				} else printDiagnosis(output, diagnosis, diagnosis.verdict.state === verdict.state ? 'its screen says the same' : 'its screen alone reads', '  ');
				if (recent.length > 0) {
					output.out('  recent events:');
					const times = recent.map((event) => whenText(event.timestamp));
					const width = Math.max(...times.map((time) => time.length));
					recent.forEach((event, index) => output.out(`    ${times[index]!.padEnd(width)}  ${event.event}  (#${event.id})`));
				}
			}),
		);
};
