import {execFileSync} from 'node:child_process';
import {it} from 'vitest';
import {demoPrompts, demoTeam, tally, workflowWorld} from './harness.js';
import {sdlcWorkflow} from './sdlc-workflow.js';

it('debug', async () => {
	const world = workflowWorld('wf-dbg', demoTeam('dbg', sdlcWorkflow));
	const first = await world.run(['run', 'ship', '--json'], {env: {TUTTI_FAULT: 'step:3:pasted'}});
	console.log('first', first.code, first.stderr.slice(0, 500));
	const pane = execFileSync('tmux', ['-L', world.socket, 'capture-pane', '-p', '-t', '=tt-dbg-implementer:'], {encoding: 'utf8'});
	console.log('PANE>>>\n' + pane.split('\n').slice(-20).join('\n') + '\n<<<');
	const runs = await world.run(['runs', 'list', '--json']);
	const id = JSON.parse(runs.stdout)[0].run_id;
	const second = await world.run(['run', '--resume', id, '--json']);
	console.log('second', second.code, second.stderr.slice(0, 500));
	console.log(tally(demoPrompts(world.repo)));
	world.cleanup();
}, 120000);
