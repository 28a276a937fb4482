import path from 'node:path';
import type {AgentAdapter, LaunchContext, LaunchSpec, SessionSupport} from '../../core/agents/adapter.js';
import {claudeSessionArgs, newUuid, verifyClaudeTranscript} from '../shared/claude-sessions.js';
import {assertSafeAgentName, deferPrompt, initialPrompt, spec, withCommand} from '../shared/launch.js';
import {demoAnswers, demoRules} from './rules.js';

/** The demo program's file name; the build writes it next to `tt.js` (scripts/build.mjs). */
export const demoProgramFile = 'demo-agent.js';

/**
 * `<node> <dir of tt>/demo-agent.js [args]`, with `TUTTI_DEMO_HOME=<root>/.tutti/demo-home`
 * (where the program keeps its Claude-format session logs). The prompt is typed in once the demo
 * shows its prompt (`TUTTI_DEFERRED_PROMPT`). The demo has no approval mechanism to configure:
 * safe and auto ask when told to, unattended + bypass is reported as `bypass`. Like Claude Code it
 * takes `--session-id <id>` / `--resume <id>`.
 */
function launch(context: LaunchContext): LaunchSpec {
	assertSafeAgentName(context.agent);
	const script = path.join(path.dirname(context.tuttiBin), demoProgramFile);
	const args = [...claudeSessionArgs(context.conversation), ...context.extraArgs];
	// A command override (e.g. a demo program under development) replaces `node <script>`.
	const argv = context.command === undefined ? [context.nodeBin, script, ...args] : withCommand(context, context.nodeBin, args);
	const deferred = deferPrompt(context, initialPrompt(context));
	return spec(context, {
		argv,
		enforcement: context.mode === 'unattended' && context.policy === 'bypass' ? 'bypass' : 'prompt',
		env: {TUTTI_DEMO_HOME: demoHome(context.root), ...deferred.env},
		files: deferred.files,
	});
}

/** Where the demo keeps its Claude-format transcripts: `<root>/.tutti/demo-home`. */
function demoHome(root: string): string {
	return path.join(root, '.tutti', 'demo-home');
}

/** The demo's sessions work as Claude Code's do, under its own home (set by the launch). */
export const demoSessions: SessionSupport = {
	identity: 'assigned',
	configDir: ({root}) => demoHome(root),
	newId: newUuid,
	verify: (query) => verifyClaudeTranscript(query),
};

export const demoAdapter: AgentAdapter = {
	id: 'demo',
	displayName: 'Demo agent',
	binary: 'node',
	installHint: 'Built into tutti (runs with the same node as tt).',
	launch,
	submit: {multiLineEnters: 1, enterDelayMs: 0, bracketSingleLine: false},
	exitCommand: 'exit 0',
	screenRules: demoRules,
	contextWindow: () => 200_000,
	session: demoSessions,
	// The demo signs in to nothing: writing this file stands in for signing in again.
	loginFiles: ['login'],
	simulated: true,
	answers: demoAnswers,
	// Escape stops its working phase ("Interrupted by user"), as Claude Code's does.
	interruptKeys: ['Escape'],
	// The box rows `│ ❯ text │` (and `│   more │` when it wraps); the dialog box is a dialog, held anyway.
	inputBox: {pattern: String.raw`^│ [❯ ] (.*?)\s*│$`, rows: 14},
};
