/**
 * What `tt demo` asks each agent to do: a tiny plan → implement → test round in the demo agent's
 * prompt language (README: "The demo agent").
 */
export const demoScript: Readonly<Record<string, readonly string[]>> = {
	planner: ['write PLAN.md 1. add greet(name) in src/greet.js  2. test it in test/greet.test.js  3. land both', 'commit plan: outline the greeting feature'],
	implementer: ["write src/greet.js export const greet = (name) => `Hello, ${name}!`;", 'commit feat: add greet()'],
	tester: ["write test/greet.test.js import {greet} from '../src/greet.js'; if (greet('Ada') !== 'Hello, Ada!') throw new Error('greet is wrong');", 'commit test: cover greet()'],
};
