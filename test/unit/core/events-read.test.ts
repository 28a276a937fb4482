import {describe, expect, it} from 'vitest';
import {stateChangeOf} from '../../../src/core/events/read.js';

const change = {from: 'working', source: 'screen', rule: 'claude-code/prompt', detail: null};

describe('stateChangeOf reads the state from the payload, never from the name alone', () => {
	it.each([
		['a recorded idle', {event: 'agent.idle', data: {...change, to: 'idle'}}, 'idle'],
		['a stop with its reason', {event: 'agent.stopped', data: {...change, to: 'stopped', reason: 'down'}}, 'stopped'],
		['a name without a payload', {event: 'agent.idle', data: null}, undefined],
		['a payload that names another state than the event', {event: 'agent.working', data: {...change, to: 'idle'}}, undefined],
		['a state tutti does not know', {event: 'agent.sleepy', data: {...change, to: 'sleepy'}}, undefined],
		['an event that is not a state change', {event: 'agent.prompt_sent', data: {chars: 5, lines: 1, neutralized: 0}}, undefined],
		['a workflow event with a `to` field', {event: 'workflow.step.completed', data: {run_id: 'r', workflow_name: 'w', to: 'idle'}}, undefined],
	])('%s', (_what, event, expected) => {
		expect(stateChangeOf(event)?.to).toBe(expected);
	});
});
