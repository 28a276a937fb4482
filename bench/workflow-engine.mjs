// Workflow engine figures, each against a baseline measured in the same run (the machine is
// shared and noisy: only ratios mean anything):
//   1. per-step overhead of the engine (ledger intent + outcome, events, locks) on N `true`
//      commands, against spawning `sh -c true` N times;
//   2. DAG concurrency: 8 independent 0.5 s steps against the same 8 in sequence;
//   3. resume: `tt run --resume` of a run killed after its last step, against `node -e 0`.
// Usage: node bench/workflow-engine.mjs   (STEPS=40 RUNS=3)
import {spawnSync} from 'node:child_process';
import {median, nodeStartMs, project, tt, ttWithRun} from './workflow-lib.mjs';

const steps = Number(process.env.STEPS ?? 40);
const runs = Number(process.env.RUNS ?? 3);
const bin = await ttWithRun();
const command = (run, more = '') => `[[workflow.step]]\ntype = "command"\nrun = "${run}"\n${more}\n`;
const toml = `[workspace]\nname = "bench-wf"\n
[[workflow]]\nname = "steps"\n${Array.from({length: steps}, () => command('true')).join('')}
[[workflow]]\nname = "fan"\n${command('true')}${Array.from({length: 8}, () => command('sleep 0.5', 'depends_on = [1]')).join('')}
[[workflow]]\nname = "line"\n${command('true')}${Array.from({length: 8}, () => command('sleep 0.5')).join('')}
`;
const where = project('engine', toml);

async function timed(args, env) {
	const result = await tt(bin, where, args, {env});
	if (result.code !== 0 && result.signal === null) throw new Error(`tt ${args.join(' ')} failed: ${result.stderr}`);
	return result;
}

try {
	const node = nodeStartMs();
	await timed(['run', 'steps', '--json']);
	const engine = [];
	const shell = [];
	for (let index = 0; index < runs; index++) {
		engine.push((await timed(['run', 'steps', '--json'])).ms);
		const started = process.hrtime.bigint();
		for (let step = 0; step < steps; step++) spawnSync('sh', ['-c', 'true']);
		shell.push(Number(process.hrtime.bigint() - started) / 1e6);
	}
	const perStep = (median(engine) - node) / steps;
	const perSpawn = median(shell) / steps;
	console.log(`node -e 0                          ${node.toFixed(1)} ms`);
	console.log(`tt run (${steps} × true)                ${median(engine).toFixed(0)} ms  → ${perStep.toFixed(1)} ms per step`);
	console.log(`sh -c true × ${steps}                   ${median(shell).toFixed(0)} ms  → ${perSpawn.toFixed(1)} ms per spawn`);
	console.log(`engine overhead per step           ${(perStep - perSpawn).toFixed(1)} ms beyond the spawn (ratio ${(perStep / perSpawn).toFixed(1)}x a bare spawn)`);

	const fan = median([(await timed(['run', 'fan', '--json'])).ms, (await timed(['run', 'fan', '--json'])).ms]);
	const line = (await timed(['run', 'line', '--json'])).ms;
	console.log(`8 × sleep 0.5, in sequence          ${line.toFixed(0)} ms`);
	console.log(`8 × sleep 0.5, one DAG wave          ${fan.toFixed(0)} ms  → speed-up ${(line / fan).toFixed(1)}x (ideal 8x less the fixed cost)`);

	const killed = await tt(bin, where, ['run', 'steps', '--json'], {env: {TUTTI_FAULT: 'run:end'}});
	if (killed.signal !== 'SIGKILL') throw new Error('the fault point run:end was not reached');
	const store = spawnSync(process.execPath, [bin, 'runs', 'list', '--json'], {cwd: where.repo, env: where.env, encoding: 'utf8'});
	const runId = JSON.parse(store.stdout)[0].run_id;
	const resume = await timed(['run', '--resume', runId, '--json']);
	console.log(`tt run --resume (all ${steps} steps done) ${resume.ms.toFixed(0)} ms  → ${(resume.ms / node).toFixed(1)}x node -e 0, no step repeated: ${JSON.parse(resume.stdout).step_results.every((step) => step.attempts === 1)}`);
} finally {
	where.cleanup();
}
