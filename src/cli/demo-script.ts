/**
 * What `tt demo` asks each agent to do while you watch: a small round of its own (team notes, a
 * version module and its test), so the `ship` workflow the demo suggests next still has real work
 * to do — plan, implement, test, review and land the greeting feature.
 */
export const demoScript: Readonly<Record<string, readonly string[]>> = {
	planner: ['write NOTES.md Team notes: next, `tt run ship` takes the greeting feature from plan to main.', 'commit docs: team notes'],
	implementer: ['write src/version.js export const version = "0.1.0";', 'commit feat: add version'],
	tester: ["write test/version.test.js import {version} from '../src/version.js'; if (!version) throw new Error('no version');", 'commit test: cover version'],
};
