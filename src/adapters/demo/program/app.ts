/**
 * The demo agent's behaviour: idle → working → (dialog) → idle, driven by key events (terminal)
 * or whole lines (pipes). Output, the session log, effects and exiting are injected, so the state
 * machine runs in tests without a terminal.
 */

import {answerCommands, realEffects, type ActionResult, type Effects} from './actions.js';
import {parsePrompt} from './commands.js';
import {editLine, type KeyEvent} from './input.js';
import {answerLines, banner, exitHint, resultLines, toolLines, userLines} from './render.js';
import type {Output} from './screen.js';
import {apiFailureOf, planTurn, type ToolCall, type TurnPlan} from './turn.js';

export type TurnLog = {
	user(prompt: string): void;
	interrupted(): void;
	assistant(prompt: string, text: string, tools: readonly ToolCall[]): void;
	apiError(text: string, error: string): void;
};

export type AppOptions = {
	agent: string;
	cwd: string;
	workMs: number;
	startupMs: number;
	output: Output;
	log: TurnLog;
	exit: (code: number) => void;
	/** Pipe mode: a dialog is answered by the next input line (`y`/`1`/empty approve). */
	lineMode?: boolean;
	/** File and git effects, replaceable in tests. */
	effects?: Effects;
};

type Phase = 'starting' | 'idle' | 'working' | 'dialog' | 'exiting';

const ctrlCWindowMs = 2000;
const spinnerIntervalMs = 100;

export class DemoApp {
	private phase: Phase = 'starting';
	private input = '';
	private readonly queue: string[] = [];
	private sticky: 'done' | 'error' | undefined;
	private ctrlCArmed: NodeJS.Timeout | undefined;
	private interrupt: (() => void) | undefined;
	private dialog: {question: string; selected: 0 | 1; answer: (approved: boolean) => void} | undefined;
	private spinner: {timer: NodeJS.Timeout; started: number; frame: number} | undefined;
	private inputEnded = false;
	private readonly effects: Effects;

	constructor(private readonly options: AppOptions) {
		this.effects = options.effects ?? realEffects;
	}

	get state(): Phase {
		return this.phase;
	}

	start(): void {
		this.options.output.print([banner(this.options.agent, this.options.cwd)]);
		this.options.output.view({kind: 'starting'});
		setTimeout(() => this.ready(), this.options.startupMs);
	}

	/** Submits a prompt (queued while busy). Also the entry point for line-mode input. */
	submit(prompt: string): void {
		if (this.phase === 'dialog' && this.dialog) {
			this.dialog.answer(/^\s*(y|yes|1|)\s*$/i.test(prompt));
			return;
		}
		if (prompt.trim() === '') return;
		if (this.phase !== 'idle') {
			this.queue.push(prompt);
			this.redraw();
			return;
		}
		this.runTurn(prompt).catch((error: unknown) => {
			this.options.output.print(answerLines(`Error: ${(error as Error).message}`));
			this.quit(1);
		});
	}

	/** Line mode: no more input; exit once the queued prompts are done. */
	endOfInput(): void {
		this.inputEnded = true;
		if (this.dialog) this.dialog.answer(false);
		else if (this.phase === 'idle' && this.queue.length === 0) this.quit(0);
	}

	handleKey(key: KeyEvent): void {
		if (this.exiting()) return;
		if (this.sticky && this.phase === 'idle') {
			this.sticky = undefined;
			this.options.output.signal('idle');
		}
		if (key.type === 'ctrl-c') return this.ctrlC();
		if (this.phase === 'dialog') return this.dialogKey(key);
		if (this.phase === 'working' && key.type === 'escape') return this.interrupt?.();
		if (key.type === 'ctrl-d') {
			if (this.input === '' && this.phase === 'idle') this.quit(0);
			return;
		}
		const edited = editLine(this.input, key);
		if (edited === undefined) {
			if (key.type === 'enter') this.enter();
			return;
		}
		this.input = edited;
		if (this.phase === 'idle') this.redraw();
	}

	private enter(): void {
		const prompt = this.input;
		if (prompt.trim() === '') return;
		this.input = '';
		this.submit(prompt);
		if (this.phase === 'idle') this.redraw();
	}

	private ctrlC(): void {
		if (this.ctrlCArmed) return this.quit(0);
		if (this.phase === 'working') this.interrupt?.();
		else if (this.phase === 'dialog') this.dialog?.answer(false);
		this.input = '';
		this.ctrlCArmed = setTimeout(() => {
			this.ctrlCArmed = undefined;
			this.redraw();
		}, ctrlCWindowMs);
		this.redraw();
	}

	private dialogKey(key: KeyEvent): void {
		const dialog = this.dialog;
		if (!dialog) return;
		const choice = key.type === 'text' ? key.text.trim().toLowerCase()[0] : undefined;
		if (choice === 'y' || choice === '1') dialog.answer(true);
		else if (choice === 'n' || choice === '2' || key.type === 'escape') dialog.answer(false);
		else if (key.type === 'enter') dialog.answer(dialog.selected === 0);
		else if (key.type === 'up' || key.type === 'down' || key.type === 'tab') {
			dialog.selected = dialog.selected === 0 ? 1 : 0;
			this.redraw();
		}
	}

	private ready(): void {
		if (this.phase !== 'starting') return;
		this.toIdle('idle');
	}

	private toIdle(signal: 'idle' | 'done' | 'error'): void {
		this.phase = 'idle';
		this.sticky = signal === 'idle' ? undefined : signal;
		this.options.output.title('idle');
		this.options.output.signal(signal);
		this.redraw();
		const next = this.queue.shift();
		if (next !== undefined) this.submit(next);
		else if (this.inputEnded) this.quit(0);
	}

	private redraw(): void {
		const output = this.options.output;
		if (this.phase === 'idle') {
			output.view(this.ctrlCArmed ? {kind: 'prompt', input: this.input, hint: exitHint} : {kind: 'prompt', input: this.input});
		} else if (this.phase === 'working' && this.spinner) {
			output.view({kind: 'working', frame: this.spinner.frame, elapsedMs: Date.now() - this.spinner.started, queued: this.queue});
		} else if (this.phase === 'dialog' && this.dialog) {
			output.view({kind: 'dialog', question: this.dialog.question, selected: this.dialog.selected});
		}
	}

	private startWorking(): void {
		this.phase = 'working';
		this.options.output.title('working');
		this.options.output.signal('working');
		const timer = setInterval(() => {
			if (!this.spinner) return;
			this.spinner.frame++;
			this.redraw();
		}, spinnerIntervalMs);
		this.spinner = {timer, started: Date.now(), frame: 0};
		this.redraw();
	}

	private stopSpinner(): void {
		if (this.spinner) clearInterval(this.spinner.timer);
		this.spinner = undefined;
	}

	/** The working phase: tool lines spread over it. Resolves false when interrupted. */
	private work(plan: TurnPlan): Promise<boolean> {
		this.startWorking();
		return new Promise((resolve) => {
			const pending = [...plan.tools];
			const showNext = () => {
				const tool = pending.shift();
				if (tool) this.options.output.print(['', ...toolLines(tool)]);
			};
			// The first tool call shows early (a long `sleep` should not look idle), the rest spread out.
			const at = (i: number) => (i === 0 ? Math.min(plan.workMs * 0.15, 400) : plan.workMs * (0.15 + (0.7 * i) / plan.tools.length));
			const timers = plan.tools.map((_, i) => setTimeout(showNext, at(i)));
			const finish = (completed: boolean) => {
				for (const timer of timers) clearTimeout(timer);
				this.interrupt = undefined;
				this.stopSpinner();
				resolve(completed);
			};
			timers.push(
				setTimeout(() => {
					while (pending.length > 0) showNext();
					finish(true);
				}, plan.workMs),
			);
			this.interrupt = () => finish(false);
		});
	}

	private askDialog(question: string): Promise<boolean> {
		this.phase = 'dialog';
		this.options.output.title('needs-input');
		this.options.output.signal('blocked', 'permission');
		return new Promise((resolve) => {
			const dialog = {
				question,
				selected: 0 as 0 | 1,
				answer: (approved: boolean) => {
					this.dialog = undefined;
					resolve(approved);
				},
			};
			this.dialog = dialog;
			this.redraw();
			if (this.options.lineMode) {
				const line = this.queue.shift();
				if (line !== undefined) this.submit(line);
				else if (this.inputEnded) dialog.answer(false);
			}
		});
	}

	private async runTurn(prompt: string): Promise<void> {
		const {output, log} = this.options;
		output.print(['', ...userLines(prompt)]);
		const command = parsePrompt(prompt);
		log.user(prompt);
		if (command.kind === 'exit') {
			output.print(['', 'Bye.']);
			log.assistant(prompt, 'Bye.', []);
			return this.quit(command.code);
		}
		const plan = planTurn(command, this.options.workMs);
		const completed = await this.work(plan);
		if (this.exiting()) return;
		if (!completed) {
			output.print(resultLines('Interrupted by user'));
			log.interrupted();
			return this.toIdle('idle');
		}
		if (command.kind === 'fail') {
			const failure = apiFailureOf(command.failure, command.retryAfterS);
			output.print(resultLines(failure.line));
			log.apiError(failure.line, failure.error);
			return this.toIdle('error');
		}
		let results: ActionResult[];
		if (command.kind === 'ask') {
			const approved = await this.askDialog(command.question);
			if (this.exiting()) return;
			this.phase = 'working';
			output.title('working');
			output.signal('working');
			results = [{ok: true, answer: `${approved ? 'Approved' : 'Declined'}: ${command.question}`}];
		} else {
			results = answerCommands(command, this.options.cwd, this.effects);
		}
		for (const result of results) {
			if (result.tool) output.print(['', ...toolLines(result.tool)]);
			output.print(['', ...answerLines(result.answer)]);
		}
		const tools = results.flatMap((result) => (result.tool ? [result.tool] : []));
		log.assistant(prompt, results.map((result) => result.answer).join('\n'), [...plan.tools, ...tools]);
		// Like Codex, say how the turn ended: a failed action (git commit with nothing to commit, a
		// refused path) is an error the caller can see.
		this.toIdle(results.every((result) => result.ok) ? 'done' : 'error');
	}

	/** Read through a method: TypeScript would otherwise keep a narrowing across `await`. */
	private exiting(): boolean {
		return this.phase === 'exiting';
	}

	private quit(code: number): void {
		if (this.exiting()) return;
		this.phase = 'exiting';
		this.interrupt?.();
		this.stopSpinner();
		if (this.ctrlCArmed) clearTimeout(this.ctrlCArmed);
		this.options.output.close();
		this.options.output.signal('clear');
		this.options.exit(code);
	}
}
