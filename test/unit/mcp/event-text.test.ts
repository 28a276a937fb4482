import {describe, expect, it} from 'vitest';
import {messageEventText} from '../../../src/core/model/message-text.js';

/** How an agent's sends through tt mcp read in the tt watch ticker and the dashboard timeline (one wording). */
describe('mcp.send in words', () => {
	it.each([
		[{to: ['beta'], ids: [4], outcome: 'stored', reason: null, key: null, mode: 'queue', interrupted: []}, 'alpha → beta sent via MCP'],
		[{to: ['beta', 'gamma'], ids: [], outcome: 'repeated', reason: null, key: 'k', mode: 'queue', interrupted: []}, 'alpha → beta, gamma sent via MCP (same key: nothing new)'],
		[{to: ['beta'], ids: [5], outcome: 'stored', reason: null, key: null, mode: 'interrupt', interrupted: ['beta']}, 'alpha → beta sent via MCP · interrupted beta'],
		[{to: ['gamma'], ids: [], outcome: 'refused', reason: 'alpha may not reach gamma', key: null, mode: 'queue', interrupted: []}, 'alpha → gamma (via MCP) refused: alpha may not reach gamma'],
	])('%o', (data, text) => {
		expect(messageEventText('mcp.send', 'alpha', data)).toBe(text);
	});

	it('shows what a model wrote inert: no control sequence reaches the terminal', () => {
		const text = messageEventText('mcp.send', 'alpha', {to: ['\u001b]0;owned\u0007x'], outcome: 'refused', reason: 'no agent "\u001b[2Jx"'}) ?? '';
		expect(text).not.toMatch(/[\u0000-\u001f\u007f-\u009f]/);
		expect(text).toContain('refused');
	});

	it('says when the recipient read a message from its inbox', () => {
		expect(messageEventText('message.delivered', 'beta', {id: 7, from: 'alpha', batch: [7], evidence: 'inbox'})).toBe('message 7 alpha → beta delivered (read from its inbox)');
	});
});
