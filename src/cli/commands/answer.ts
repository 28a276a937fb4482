import {answerPrompt, type DialogAnswerChoice} from '../../core/actions/answer.js';
import {parseAgentRef} from '../context.js';
import {handler, type Register} from '../program.js';
import {formatState} from './status.js';

const verbs: ReadonlyArray<{answer: DialogAnswerChoice; description: string; done: string; example: string}> = [
	{answer: 'approve', description: 'allow, once, what an agent\'s approval dialog asks (without attaching)', done: 'approved', example: 'tt approve implementer'},
	{answer: 'deny', description: 'decline what an agent\'s approval dialog asks (without attaching)', done: 'denied', example: 'tt deny implementer'},
];

export const registerAnswer: Register = (program, runtime) => {
	for (const verb of verbs) {
		program
			.command(verb.answer)
			.description(verb.description)
			.argument('<agent>', 'agent name, or <workspace>/<agent>')
			.option('--json', 'machine-readable output')
			.addHelpText('after', `\nOnly an agent that needs input now, on a dialog tutti knows the keys of, is answered; anything else (a question, a trust prompt, a CLI whose keys are unknown) is refused — answer those with tt attach.\n\nExample:\n  ${verb.example}`)
			.action(
				handler(runtime, async (reference: string, flags: {json?: boolean}) => {
					const {workspace, agent} = parseAgentRef(reference);
					const ctx = await runtime.workspace({workspace});
					const result = await answerPrompt(ctx, agent, verb.answer);
					if (flags.json) return runtime.output.json(result);
					runtime.output.out(`${verb.done} ${result.agent}'s dialog (${result.workspace}) · pressed ${result.keys.join(' ')}`);
					runtime.output.out(`state: ${formatState(runtime.output, result.state)}`);
				}),
			);
	}
};
