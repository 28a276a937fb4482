import {readFileSync} from 'node:fs';
import {InvalidArgumentError} from 'commander';
import {getMessage, listMessages, markRead, postMessage, waitForMessage, type Message} from '../../core/messages/index.js';
import {parseDuration} from '../../core/duration.js';
import {TuttiError} from '../../core/errors.js';
import {ago} from '../../core/model/time.js';
import {inertValue} from '../../core/prompt-text.js';
import {table} from '../output.js';
import {handler, intOption, type Register} from '../program.js';

const durationOption = (value: string): number => {
	const ms = parseDuration(value);
	if (ms === undefined) throw new InvalidArgumentError('expected a duration with a unit, such as "60s" or "5m".');
	return ms;
};

const stateText = (message: Message): string => (message.reason === null ? message.state : `${message.state} (${message.reason})`);
const preview = (body: string): string => {
	const line = inertValue(body);
	return line.length > 60 ? `${line.slice(0, 59)}…` : line;
};

/** `tt msg`: the mailbox between agents (and you): send, list, show, wait. */
export const registerMsg: Register = (program, runtime) => {
	const msg = program.command('msg').description('messages between agents (and you): stored first, delivered at the recipient\'s turn boundary');
	msg
		.command('send')
		.description('store a message and deliver it when each recipient is idle (use - to read the text from stdin)')
		.argument('<to>', 'recipients: agent names separated by commas, human, or * for every agent')
		.argument('<text...>', 'the message; words are joined with single spaces')
		.option('--from <agent>', 'send as this agent of the workspace (default: human)')
		.option('--reply-to <id>', 'the message this one answers', intOption('--reply-to', 1, Number.MAX_SAFE_INTEGER))
		.option('--key <idempotency>', 'idempotency key, unique per sender: sending again with it changes nothing')
		.option('--json', 'machine-readable output')
		.addHelpText('after', '\nThe recipient reads it as `[message <id> from <sender> via tutti] <text>`, typed only when it is idle, with no dialog\nand nothing half-typed in its input box. Until then it is held; tt watch or tt serve delivers it.\n\nExamples:\n  tt msg send implementer "the API schema is in docs/api.md"\n  tt msg send tester,reviewer --from planner "branch feature/x is ready"\n  tt msg send \'*\' "stop and commit what you have"')
		.action(
			handler(runtime, async (to: string, words: string[], flags: {from?: string; replyTo?: number; key?: string; json?: boolean}) => {
				const ctx = await runtime.workspace();
				const body = words.length === 1 && words[0] === '-' ? readFileSync(0, 'utf8') : words.join(' ');
				const recipients = to.split(',').map((name) => name.trim()).filter((name) => name !== '');
				const result = await postMessage(ctx, {from: flags.from, to: recipients, body, replyTo: flags.replyTo, key: flags.key});
				if (flags.json) return runtime.output.json(result);
				if (result.repeated) runtime.output.out('This key was used before: nothing new was sent.');
				for (const message of result.messages) runtime.output.out(`message ${message.id} to ${message.recipient}: ${stateText(message)}`);
				if (result.messages.some((message) => message.state === 'held' || message.state === 'queued')) runtime.output.out('Held messages are delivered at the recipient\'s next turn boundary while tt watch or tt serve runs (tt msg wait <id>).');
			}),
		);
	msg
		.command('ls')
		.description('messages not yet delivered (--all: every message)')
		.option('--agent <name>', 'only messages to or from this agent')
		.option('--all', 'also delivered and dead messages')
		.option('--json', 'machine-readable output')
		.action(
			handler(runtime, async (flags: {agent?: string; all?: boolean; json?: boolean}) => {
				const ctx = await runtime.workspace();
				const rows = listMessages(ctx.store, {agent: flags.agent, all: flags.all});
				if (flags.json) return runtime.output.json(rows);
				if (rows.length === 0) return runtime.output.out(flags.all ? 'No messages yet.' : 'Nothing waiting: every message was delivered (see --all).');
				runtime.output.out(table(['Id', 'From', 'To', 'State', 'Sent', 'Text'], rows.map((row) => [String(row.id), row.sender, row.recipient, stateText(row), ago(row.created_at), preview(row.body)])));
			}),
		);
	msg
		.command('show')
		.description('one message in full (a message to human is marked read)')
		.argument('<id>', 'message id', intOption('<id>', 1, Number.MAX_SAFE_INTEGER))
		.option('--json', 'machine-readable output')
		.action(
			handler(runtime, async (id: number, flags: {json?: boolean}) => {
				const ctx = await runtime.workspace();
				const message = getMessage(ctx.store, id);
				if (!message) throw new TuttiError('ERR_USAGE', `there is no message ${id}`, {hint: 'See the ids with tt msg ls --all'});
				if (message.recipient === 'human') markRead(ctx.store, id, new Date().toISOString());
				if (flags.json) return runtime.output.json(getMessage(ctx.store, id));
				const facts = [`id: ${message.id}`, `from: ${message.sender}`, `to: ${message.recipient}`, `state: ${stateText(message)}`, `attempts: ${message.attempts}`, `sent: ${message.created_at}`];
				if (message.delivered_at) facts.push(`delivered: ${message.delivered_at}`);
				if (message.reply_to !== null) facts.push(`reply to: ${message.reply_to}`);
				if (message.answered_at) facts.push(`answered: ${message.answered_at}`);
				if (message.idem_key) facts.push(`key: ${message.idem_key}`);
				runtime.output.out(`${facts.join('\n')}\n\n${inertValue(message.body)}`);
			}),
		);
	msg
		.command('wait')
		.description('wait until a message is delivered or dead (exit 1 on dead or timeout)')
		.argument('<id>', 'message id', intOption('<id>', 1, Number.MAX_SAFE_INTEGER))
		.option('--timeout <duration>', 'give up after this long', durationOption, 60_000)
		.option('--json', 'machine-readable output')
		.action(
			handler(runtime, async (id: number, flags: {timeout: number; json?: boolean}) => {
				const ctx = await runtime.workspace();
				const {message, reached} = await waitForMessage(ctx, id, flags.timeout);
				if (flags.json) runtime.output.json({reached, message});
				else runtime.output.out(reached ? `message ${id}: ${stateText(message)}` : `message ${id} is still ${stateText(message)} after the timeout`);
				return reached && message.state === 'delivered' ? 0 : 1;
			}),
		);
};
