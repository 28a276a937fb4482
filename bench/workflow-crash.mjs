// Crash recovery figures on the demo SDLC team (plan → implement ∥ test → review → land, three
// demo agents in real tmux and git): one clean run, then runs killed with SIGKILL at random
// moments (KILLS per run) and resumed until done. Reports the kills, the time lost to them (ratio
// against the clean run, measured in the same session) and whether every prompt reached its
// agent and every commit landed exactly once.
// Usage: node bench/workflow-crash.mjs   (ROUNDS=2 KILLS=12 TUTTI_DEMO_WORK_MS=300)
import {existsSync, readdirSync, readFileSync} from 'node:fs';
import path from 'node:path';
import {project, tt, ttWithRun} from './workflow-lib.mjs';

const rounds = Number(process.env.ROUNDS ?? 2);
const killsPerRound = Number(process.env.KILLS ?? 12);
const bin = await ttWithRun();
const texts = [
	'write PLAN.md 1. greet(name) in src/greet.js 2. a test in test/greet.test.js',
	'commit plan: greeting feature',
	'write src/greet.js export const greet = (name) => `Hello, ${name}!`;',
	'commit feat: add greet()',
	"write test/greet.test.js import {greet} from '../src/greet.js'; if (greet('Ada') !== 'Hello, Ada!') throw new Error('greet');",
	'commit test: cover greet()',
];
const subjects = ['plan: greeting feature', 'feat: add greet()', 'test: cover greet()'];
const prompt = (id, agent, text, more = '') => `[[workflow.step]]\ntype = "prompt"\nid = "${id}"\nagent = "${agent}"\ntext = ${JSON.stringify(text)}\nwait_for_idle = true\nwait_timeout_secs = 90\n${more}\n`;
const toml = (name) => `[workspace]\nname = "${name}"\n[workspace.env]\ngit_name = "Demo"\ngit_email = "demo@example.com"\n[defaults]\nworktree = true\nruntime = "demo"\n[[agent]]\nname = "planner"\n[[agent]]\nname = "implementer"\n[[agent]]\nname = "tester"\n
[[workflow]]\nname = "ship"\n${prompt('plan', 'planner', texts[0])}${prompt('plan_commit', 'planner', texts[1])}${prompt('implement', 'implementer', texts[2], 'depends_on = [2]')}${prompt('implement_commit', 'implementer', texts[3])}${prompt('test', 'tester', texts[4], 'depends_on = [2]')}${prompt('test_commit', 'tester', texts[5])}
[[workflow.step]]\ntype = "review"\nagent = "implementer"\nreviewer = "tester"\ndepends_on = [4, 6]\n
[[workflow.step]]\ntype = "land"\nagent = "planner"\n[[workflow.step]]\ntype = "land"\nagent = "implementer"\n[[workflow.step]]\ntype = "land"\nagent = "tester"\n`;

function prompts(repo) {
	const counts = {};
	const dir = path.join(repo, '.tutti', 'demo-home', 'projects');
	if (!existsSync(dir)) return counts;
	for (const sub of readdirSync(dir)) {
		for (const file of readdirSync(path.join(dir, sub))) {
			for (const line of readFileSync(path.join(dir, sub, file), 'utf8').split('\n').filter(Boolean)) {
				const entry = JSON.parse(line);
				if (entry.type === 'user' && typeof entry.message?.content === 'string') counts[entry.message.content] = (counts[entry.message.content] ?? 0) + 1;
			}
		}
	}
	return counts;
}

function exactlyOnce(where) {
	const counts = prompts(where.repo);
	const log = where.git('log', '--format=%s', 'main').trim().split('\n');
	const reviews = Object.entries(counts).filter(([text]) => text.startsWith('Read the review packet'));
	return texts.every((text) => counts[text] === 1) && reviews.length === 1 && reviews[0][1] === 1 && subjects.every((subject) => log.filter((line) => line === subject).length === 1);
}

const clean = project('crash-clean', toml('clean'));
let cleanMs;
try {
	const result = await tt(bin, clean, ['run', 'ship', '--json']);
	if (result.code !== 0) throw new Error(`clean run failed: ${result.stderr}`);
	cleanMs = result.ms;
	console.log(`clean run                 ${(cleanMs / 1000).toFixed(1)} s, exactly once: ${exactlyOnce(clean)}`);
} finally {
	clean.cleanup();
}

let totalKills = 0;
let allGood = true;
for (let round = 0; round < rounds; round++) {
	const where = project(`crash${round}`, toml(`crash${round}`));
	try {
		let runId;
		let kills = 0;
		const started = Date.now();
		for (let attempt = 0; attempt < killsPerRound * 3; attempt++) {
			const kill = kills < killsPerRound ? 200 + Math.floor(Math.random() * 1500) : undefined;
			const args = runId ? ['run', '--resume', runId, '--json'] : ['run', 'ship', '--json'];
			const result = await tt(bin, where, args, kill === undefined ? {} : {killAfterMs: kill});
			if (!runId) runId = JSON.parse((await tt(bin, where, ['runs', 'list', '--json'])).stdout).at(-1)?.run_id;
			if (result.signal === 'SIGKILL') {
				kills++;
				continue;
			}
			if (result.code !== 0) throw new Error(`run failed after ${kills} kills: ${result.stderr}`);
			break;
		}
		const wall = Date.now() - started;
		const ok = exactlyOnce(where);
		allGood &&= ok;
		totalKills += kills;
		console.log(`round ${round}: ${String(kills).padStart(2)} kills    ${(wall / 1000).toFixed(1)} s (${(wall / cleanMs).toFixed(2)}x the clean run), exactly once: ${ok}`);
	} finally {
		where.cleanup();
	}
}
console.log(`total                     ${totalKills} kill points, every side effect exactly once: ${allGood}`);
process.exitCode = allGood ? 0 : 1;
