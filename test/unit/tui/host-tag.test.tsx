import {afterEach, describe, expect, it} from 'vitest';
import {waitFor} from '../../helpers/tt.js';
import {mountApp, type Harness} from './fixtures.js';

let harness: Harness | undefined;
afterEach(() => harness?.cleanup());

describe('remote agents in tt watch', () => {
	it('tags the card of an agent on a [[host]] with @host; a local agent shows nothing extra', async () => {
		const {frame, h} = await mountApp([{name: 'planner', role: 'planner'}, {name: 'trainer', role: 'trainer', host: 'gpu-box'}], {width: 120, height: 30});
		harness = h;
		h.observer.setState('planner', 'idle');
		h.observer.setState('trainer', 'working');
		await waitFor(() => frame().includes('trainer'), {timeoutMs: 2000, what: 'the floor'});
		expect(frame()).toMatch(/trainer @gpu-box/);
		expect(frame()).not.toMatch(/planner @/);
		expect(frame().match(/@/g)).toHaveLength(1);
	});
});
