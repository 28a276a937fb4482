/**
 * plan → implement ∥ test → review → land, on three demo agents. Implementation and tests are
 * written concurrently (both depend only on the plan); the review waits for both.
 */
export const prompts = {
	plan: 'write PLAN.md 1. greet(name) in src/greet.js 2. a test in test/greet.test.js',
	planCommit: 'commit plan: greeting feature',
	implement: 'write src/greet.js export const greet = (name) => `Hello, ${name}!`;',
	implementCommit: 'commit feat: add greet()',
	test: "write test/greet.test.js import {greet} from '../src/greet.js'; if (greet('Ada') !== 'Hello, Ada!') throw new Error('greet');",
	testCommit: 'commit test: cover greet()',
} as const;

export const commitSubjects = ['plan: greeting feature', 'feat: add greet()', 'test: cover greet()'];

const prompt = (id: string, agent: string, text: string, more = '') =>
	`[[workflow.step]]\ntype = "prompt"\nid = "${id}"\nagent = "${agent}"\ntext = ${JSON.stringify(text)}\nwait_for_idle = true\nwait_timeout_secs = 90\n${more}`;

export const sdlcWorkflow = `[[workflow]]
name = "ship"
description = "plan, implement and test in parallel, review, land"

${prompt('plan', 'planner', prompts.plan)}
${prompt('plan_commit', 'planner', prompts.planCommit)}
${prompt('implement', 'implementer', prompts.implement, 'depends_on = [2]')}
${prompt('implement_commit', 'implementer', prompts.implementCommit)}
${prompt('test', 'tester', prompts.test, 'depends_on = [2]')}
${prompt('test_commit', 'tester', prompts.testCommit)}
[[workflow.step]]
type = "command"
id = "check"
agent = "implementer"
cwd = "agent_worktree"
run = "git log --format=%s -1"
fail_mode = "closed"
depends_on = [4]

[[workflow.step]]
type = "review"
agent = "implementer"
reviewer = "tester"
depends_on = [6, 7]

[[workflow.step]]
type = "land"
agent = "planner"

[[workflow.step]]
type = "land"
agent = "implementer"

[[workflow.step]]
type = "land"
agent = "tester"
`;

/** The texts the demo agents must each receive exactly once. */
export const expectedPrompts = Object.values(prompts);
