import {InvalidArgumentError, type Command} from 'commander';
import type {Services} from '../core/agents/context.js';
import type {WorkspaceContext} from '../core/agents/context.js';
import {TuttiError} from '../core/errors.js';
import {buildServices, openAllWorkspaces, openWorkspace, type WorkspaceSelector} from './context.js';
import {printError, type Output} from './output.js';

/** What every command handler gets: output, lazily built services, workspace helpers. */
export class CliRuntime {
	readonly output: Output;
	#services: Services | undefined;
	readonly #opened: WorkspaceContext[] = [];

	constructor(output: Output) {
		this.output = output;
	}

	get services(): Services {
		this.#services ??= buildServices(this.output);
		return this.#services;
	}

	workspace(selector: WorkspaceSelector = {}): WorkspaceContext {
		const context = openWorkspace(this.services, this.output, selector);
		this.#opened.push(context);
		return context;
	}

	allWorkspaces(): WorkspaceContext[] {
		const contexts = openAllWorkspaces(this.services, this.output);
		this.#opened.push(...contexts);
		if (contexts.length === 0) {
			throw new TuttiError('ERR_CONFIG_NOT_FOUND', 'no workspaces: none registered and no tutti.toml here', {hint: 'Run `tt init` in a project to create and register one.'});
		}
		return contexts;
	}

	close(): void {
		for (const context of this.#opened) context.close();
	}
}

/** Wraps a command handler: errors print as `error[category]` + hint and exit 1. */
export function handler<A extends unknown[]>(runtime: CliRuntime, fn: (...args: A) => Promise<number | void> | number | void): (...args: A) => Promise<void> {
	return async (...args: A) => {
		try {
			const code = await fn(...args);
			if (typeof code === 'number' && code !== 0) process.exitCode = code;
		} catch (error) {
			printError(runtime.output, error);
			process.exitCode = error instanceof TuttiError && error.category === 'usage' ? 2 : 1;
		} finally {
			runtime.close();
		}
	};
}

export type Register = (program: Command, runtime: CliRuntime) => void;

/** Parses an integer option, or fails as a usage error. */
export function intOption(name: string, min: number, max: number): (value: string) => number {
	return (value: string) => {
		const parsed = Number(value);
		if (!Number.isInteger(parsed) || parsed < min || parsed > max) {
			throw new InvalidArgumentError(`${name} must be a whole number from ${min} to ${max}.`);
		}
		return parsed;
	};
}
