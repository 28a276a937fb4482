import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import type {WorkspaceContext} from '../../../src/core/agents/context.js';
import {deliverPrompt} from '../../../src/core/agents/send.js';
import {upAgents} from '../../../src/core/agents/up.js';
import {findAgent} from '../../../src/core/config/index.js';
import {appendSignal, type HookSignalLine} from '../../../src/core/state/hook-signals.js';
import type {AgentState} from '../../../src/core/state/types.js';
import {WorkspaceObserver} from '../../../src/core/state/workspace-observer.js';
import {makeCoreWorld} from '../../helpers/core-world.js';
import {waitFor} from '../../helpers/tt.js';

const toml = (name: string) => `[workspace]\nname = "${name}"\n[defaults]\nworktree = false\nruntime = "demo"\n[[agent]]\nname = "a"\n`;

/**
 * One script, watched once through the control-mode stream and once by polling captures: the
 * same layers decide in both, so the same states follow each other — a debounced busy→idle edge,
 * a native hook signal beating an idle screen, and `stalled` for a working agent gone quiet.
 */
async function script(ctx: WorkspaceContext, mode: 'stream' | 'poll'): Promise<AgentState[]> {
	const observer = new WorkspaceObserver(ctx, {mode, pollMs: 100, idleDebounceMs: 400, stalledAfterMs: 1500, record: false});
	const states: AgentState[] = [];
	observer.on('state', (agent, verdict) => {
		if (agent === 'a') states.push(verdict.state);
	});
	// On a timeout, say what the pipeline was looking at (the screen's last rows and the title).
	const until = async (state: AgentState) => {
		try {
			await waitFor(() => states.at(-1) === state, {timeoutMs: 30_000});
		} catch {
			const snapshot = observer.observer('a')?.screen.snapshot();
			const rows = snapshot?.lines.filter((line) => line.trim() !== '').slice(-8).join('\n');
			throw new Error(`${mode}: no ${state} (saw ${states.join(' → ')}); title ${JSON.stringify(snapshot?.title)}, screen:\n${rows}`);
		}
	};
	const hook = (event: string, state: HookSignalLine['state']) => appendSignal(ctx.paths.state, {t: Date.now(), agent: 'a', runtime: 'claude-code', event, state});
	await observer.start();
	try {
		await until('idle');
		const from = states.length - 1;
		await deliverPrompt(ctx, findAgent(ctx.config, 'a'), 'sleep 1');
		await until('working');
		await until('idle');
		hook('PermissionRequest', 'needs_input');
		await until('needs_input');
		hook('Stop', 'idle');
		await until('idle');
		// Working by the CLI's own word, and no output at all: stalled once the threshold passes.
		hook('PreToolUse', 'working');
		await until('working');
		await until('stalled');
		hook('Stop', 'idle');
		await until('idle');
		return states.slice(from);
	} finally {
		await observer.stop();
	}
}

describe('the stream and the polling fallback are one pipeline', () => {
	const core = makeCoreWorld('pipeline');
	const contexts: Record<'stream' | 'poll', WorkspaceContext | undefined> = {stream: undefined, poll: undefined};
	beforeAll(async () => {
		for (const mode of ['stream', 'poll'] as const) {
			const ctx = core.workspace(mode, toml(`pipe-${mode}`));
			contexts[mode] = ctx;
			await upAgents(ctx);
		}
	});
	afterAll(() => core.cleanup());

	it('gives the same state sequence for the same script', async () => {
		const expected: AgentState[] = ['idle', 'working', 'idle', 'needs_input', 'idle', 'working', 'stalled', 'idle'];
		const stream = await script(contexts.stream!, 'stream');
		const poll = await script(contexts.poll!, 'poll');
		expect(stream).toEqual(expected);
		expect(poll).toEqual(stream);
	}, 90_000);
});
