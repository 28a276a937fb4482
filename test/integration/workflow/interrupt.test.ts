import {existsSync, readFileSync} from 'node:fs';
import path from 'node:path';
import {afterAll, describe, expect, it} from 'vitest';
import {waitFor} from '../../helpers/tt.js';
import {workflowWorld} from './harness.js';

const alive = (pid: number) => {
	try {
		process.kill(pid, 0);
		return true;
	} catch {
		return false;
	}
};

/**
 * A command step runs in a process group of its own (so its timeout ends all it started), which
 * the terminal's Ctrl-C no longer reaches: tt ends the group when it exits.
 */
describe('Ctrl-C on tt run', () => {
	const world = workflowWorld('wf-interrupt', '[workspace]\nname = "interrupt"\n\n[[workflow]]\nname = "slow"\n[[workflow.step]]\ntype = "command"\nrun = "sleep 60 & echo $! > sleeper.pid; wait"\n');
	afterAll(() => world.cleanup());

	it('ends the running command and everything it started', async () => {
		const {child, done} = await world.spawnRun(['run', 'slow']);
		const pidFile = path.join(world.repo, 'sleeper.pid');
		await waitFor(() => existsSync(pidFile) && readFileSync(pidFile, 'utf8').trim() !== '', {what: 'the command to start'});
		const sleeper = Number(readFileSync(pidFile, 'utf8'));
		child.kill('SIGINT');
		expect((await done).code).toBe(130);
		await expect.poll(() => alive(sleeper), {timeout: 3000}).toBe(false);
	});
});
