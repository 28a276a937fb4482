import {readFileSync} from 'node:fs';
import path from 'node:path';
import {afterEach, describe, expect, it} from 'vitest';
import {demoRules} from '../../../src/adapters/demo/rules.js';
import {AgentObserver} from '../../../src/core/state/agent-observer.js';
import type {AgentState} from '../../../src/core/state/types.js';
import type {PaneInfo} from '../../../src/core/tmux/client.js';
import {repoRoot, waitFor} from '../../helpers/tt.js';

const idleScreen = readFileSync(path.join(repoRoot, 'test', 'fixtures', 'screens', 'demo', 'idle--no-title.txt'), 'utf8');
const pane = (title: string): PaneInfo => ({session: 's', paneId: '%1', pid: 1, dead: false, deadStatus: undefined, deadSignal: undefined, title, width: 200, height: 50, currentCommand: 'node', createdAt: 0});

describe('the polling transport of an agent pipeline', () => {
	const observers: AgentObserver[] = [];
	afterEach(async () => {
		for (const observer of observers.splice(0)) await observer.stop();
	});

	it('follows the title tmux reports each round, even when the captured screen did not change', async () => {
		const observer = new AgentObserver({agent: 'a', session: 's', control: {command: 'tmux', args: []}, rules: demoRules, idleDebounceMs: 50});
		observers.push(observer);
		const states: AgentState[] = [];
		observer.on('state', (verdict) => states.push(verdict.state));
		// The listing that came with this capture was taken while the turn was still running.
		await observer.captured(idleScreen, pane('⠂ demo: working'));
		expect(states).toEqual(['working']);
		// Next round: the same screen, the title now says idle.
		await observer.captured(idleScreen, pane('✳ demo: idle'));
		await waitFor(() => states.at(-1) === 'idle', {timeoutMs: 2000, what: `idle (saw ${states.join(' → ')})`});
		expect(states).toEqual(['working', 'idle']);
	});

	it('a young pane no rule matches is starting until its CLI shows itself, then unknown (held), and starting again after a restart', async () => {
		const observer = new AgentObserver({agent: 'a', session: 's', control: {command: 'tmux', args: []}, rules: demoRules, idleDebounceMs: 50});
		observers.push(observer);
		const states: AgentState[] = [];
		observer.on('state', (verdict) => states.push(verdict.state));
		const young = (pid: number): PaneInfo => ({...pane(''), pid, createdAt: Math.floor(Date.now() / 1000) - 2});
		await observer.captured('', young(7));
		expect(states).toEqual(['starting']);
		await observer.captured(idleScreen, young(7));
		await waitFor(() => states.at(-1) === 'idle', {timeoutMs: 2000, what: `idle (saw ${states.join(' → ')})`});
		// Its first prompt seconds after the launch: a frame no rule matches is not "starting" again.
		await observer.captured('', young(7));
		await waitFor(() => states.at(-1) === 'unknown', {timeoutMs: 2000, what: `unknown (saw ${states.join(' → ')})`});
		expect(states).toEqual(['starting', 'idle', 'unknown']);
		// The session restarted under the same pipeline (another pane process): starting until its CLI is up.
		await observer.captured('', young(8));
		await waitFor(() => states.at(-1) === 'starting', {timeoutMs: 2000, what: `starting (saw ${states.join(' → ')})`});
	});
});
