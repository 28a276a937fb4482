import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {MockModelServer} from '../../mock-model/server.js';

/** The mock model's OpenAI Chat Completions dialect, as Qwen Code, opencode and Copilot CLI call it. */
const shellTool = {
	type: 'function',
	function: {name: 'bash', parameters: {type: 'object', properties: {command: {type: 'string'}, description: {type: 'string'}, timeout: {type: 'number'}}, required: ['command', 'description', 'timeout']}},
};
const userTurn = (text: string) => [
	{role: 'system', content: 'You are a coding agent.'},
	{role: 'user', content: `<current_datetime>2026-12-07T10:00:00Z</current_datetime>\n\n${text}`},
];

type Chunk = {object: string; choices: Array<{delta: {content?: string; tool_calls?: Array<{index: number; id?: string; function: {name?: string; arguments?: string}}>}; finish_reason: string | null}>; usage?: {prompt_tokens: number; completion_tokens: number}};

describe('mock model: Chat Completions', () => {
	const server = new MockModelServer({chunkDelayMs: 1});
	let url = '';
	const post = (body: unknown) => fetch(`${url}/v1/chat/completions`, {method: 'POST', headers: {'content-type': 'application/json', authorization: 'Bearer sk-test'}, body: JSON.stringify(body)});
	/** The `data:` events of a streamed answer; `[DONE]` stays a string. */
	const events = async (response: Response): Promise<Array<Chunk | string>> =>
		(await response.text())
			.split('\n\n')
			.filter((block) => block.startsWith('data: '))
			.map((block) => block.slice('data: '.length))
			.map((data) => (data === '[DONE]' ? data : (JSON.parse(data) as Chunk)));

	beforeAll(async () => {
		url = await server.start();
	});
	afterAll(() => server.close());

	it('streams the reply as chat.completion.chunk deltas, a usage chunk when asked, then [DONE]', async () => {
		server.setMode('chat', {kind: 'reply', text: 'The build is green and all 42 tests pass.', delayMs: 0});
		const response = await post({model: 'm', stream: true, stream_options: {include_usage: true}, messages: userTurn('Check the build'), tools: [shellTool]});
		expect(response.headers.get('content-type')).toBe('text/event-stream');
		const all = await events(response);
		expect(all.at(-1)).toBe('[DONE]');
		const chunks = all.filter((event): event is Chunk => typeof event !== 'string');
		expect(chunks.every((chunk) => chunk.object === 'chat.completion.chunk')).toBe(true);
		expect(chunks.map((chunk) => chunk.choices[0]?.delta.content ?? '').join('')).toBe('The build is green and all 42 tests pass.');
		expect(chunks.map((chunk) => chunk.choices[0]?.finish_reason).filter(Boolean)).toEqual(['stop']);
		expect(chunks.at(-1)).toMatchObject({choices: [], usage: {prompt_tokens: expect.any(Number) as unknown, completion_tokens: expect.any(Number) as unknown}});
		expect(server.mainTurns('chat').at(-1)).toMatchObject({client: 'chat', role: 'main', mode: 'reply', status: 200, prompt: 'Check the build'});
	});

	it('answers a non-streamed request with one chat.completion', async () => {
		server.setMode('chat', {kind: 'reply', text: 'MOCK-REPLY', delayMs: 0});
		const body = (await (await post({model: 'm', messages: userTurn('Hi'), tools: [shellTool]})).json()) as {object: string; choices: Array<{message: {content: string}; finish_reason: string}>};
		expect(body).toMatchObject({object: 'chat.completion', choices: [{message: {role: 'assistant', content: 'MOCK-REPLY'}, finish_reason: 'stop'}]});
	});

	it('calls the request\'s shell tool, filling its required fields, then ends the turn once the tool result comes back', async () => {
		server.setMode('chat', {kind: 'tool', command: 'touch made-by-test.txt', text: 'I created it.', delayMs: 0});
		const chunks = (await events(await post({model: 'm', stream: true, messages: userTurn('Create it'), tools: [shellTool]}))).filter((event): event is Chunk => typeof event !== 'string');
		const calls = chunks.flatMap((chunk) => chunk.choices[0]?.delta.tool_calls ?? []);
		expect(calls[0]).toMatchObject({index: 0, id: expect.any(String) as unknown, function: {name: 'bash'}});
		expect(JSON.parse(calls.map((call) => call.function.arguments ?? '').join(''))).toEqual({command: 'touch made-by-test.txt', description: 'Run the command the test asked for', timeout: 0});
		expect(chunks.map((chunk) => chunk.choices[0]?.finish_reason).filter(Boolean)).toEqual(['tool_calls']);

		const after = [...userTurn('Create it'), {role: 'assistant', content: null, tool_calls: [{id: calls[0]?.id, type: 'function', function: {name: 'bash', arguments: '{}'}}]}, {role: 'tool', tool_call_id: calls[0]?.id, content: ''}];
		const done = (await (await post({model: 'm', messages: after, tools: [shellTool]})).json()) as {choices: Array<{message: {content: string}; finish_reason: string}>};
		expect(done.choices[0]).toMatchObject({message: {content: 'I created it.'}, finish_reason: 'stop'});
	});

	it('uses Qwen Code\'s run_shell_command when that is the shell tool on offer', async () => {
		server.setMode('chat', {kind: 'tool', command: 'ls', delayMs: 0});
		const qwenTool = {type: 'function', function: {name: 'run_shell_command', parameters: {properties: {command: {type: 'string'}, is_background: {type: 'boolean'}}, required: ['command', 'is_background']}}};
		const body = (await (await post({model: 'm', messages: userTurn('List'), tools: [{type: 'function', function: {name: 'read_file'}}, qwenTool]})).json()) as {choices: Array<{message: {tool_calls: Array<{function: {name: string; arguments: string}}>}}>};
		const call = body.choices[0]?.message.tool_calls[0]?.function;
		expect(call?.name).toBe('run_shell_command');
		expect(JSON.parse(call?.arguments ?? '{}')).toEqual({command: 'ls', is_background: false});
	});

	it.each([
		[401, 'invalid_api_key', null],
		[429, 'rate_limit_exceeded', '1'],
		[503, null, '1'],
		[529, null, '1'],
	])('HTTP %i: an OpenAI error body (code %s), Retry-After %s, logged as a main turn', async (status, code, retryAfter) => {
		server.setMode('chat', {kind: 'status', status});
		const response = await post({model: 'm', stream: true, messages: userTurn(`Fail with ${status}`), tools: [shellTool]});
		expect(response.status).toBe(status);
		expect(response.headers.get('retry-after')).toBe(retryAfter);
		expect(((await response.json()) as {error: {code: string | null; message: string}}).error).toMatchObject({code, message: expect.any(String) as unknown});
		expect(server.mainTurns('chat').at(-1)).toMatchObject({mode: 'status', status, prompt: `Fail with ${status}`});
	});

	it('answers side requests (no tools) whatever the mode: a bare title, or Qwen\'s next-speaker JSON', async () => {
		server.setMode('chat', {kind: 'status', status: 500});
		const title = (await (await post({model: 'm', messages: [{role: 'system', content: 'You are a title generator. You output ONLY a thread title.'}, {role: 'user', content: 'Fix the tests'}]})).json()) as {choices: Array<{message: {content: string}}>};
		expect(title.choices[0]?.message.content).toBe('Mock session');
		const next = (await (await post({model: 'm', messages: [{role: 'user', content: 'Who speaks next? Answer with next_speaker.'}]})).json()) as {choices: Array<{message: {content: string}}>};
		expect(JSON.parse(next.choices[0]?.message.content ?? '{}')).toMatchObject({next_speaker: 'user'});
		expect(server.requests.filter((entry) => entry.client === 'chat').slice(-2).map((entry) => entry.role)).toEqual(['side', 'side']);
	});
});
