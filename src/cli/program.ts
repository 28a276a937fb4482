import {InvalidArgumentError, type Command} from 'commander';
import type {Services} from '../core/agents/context.js';
import {WorkspaceContext} from '../core/agents/context.js';
import {loadConfigsFast, loadGlobalFast, type FastGlobal} from '../core/config/fast.js';
import {TuttiError} from '../core/errors.js';
import {buildServices, type WorkspaceSelector} from './context.js';
import {printError, type Output} from './output.js';
import {version} from './version.js';

/** What every command handler gets: output, lazily built services, workspace helpers. */
export class CliRuntime {
	readonly output: Output;
	readonly env: NodeJS.ProcessEnv;
	#services: Services | undefined;
	readonly #opened: WorkspaceContext[] = [];

	constructor(output: Output, env: NodeJS.ProcessEnv = process.env) {
		this.output = output;
		this.env = env;
	}

	/** Services, built on first use (loads the global config). */
	async services(): Promise<Services> {
		this.#services ??= buildServices(this.output, await loadGlobalFast(this.env), this.env);
		return this.#services;
	}

	#servicesFrom(global: FastGlobal): Services {
		this.#services ??= buildServices(this.output, global, this.env);
		return this.#services;
	}

	/** The workspace a command acts on: `-w <name>` from the registry, else the nearest tutti.toml. */
	async workspace(selector: WorkspaceSelector = {}): Promise<WorkspaceContext> {
		let start = selector.cwd ?? process.cwd();
		if (selector.workspace) {
			const {resolveWorkspaceByName} = await import('../core/config/index.js');
			start = resolveWorkspaceByName(selector.workspace, this.env).root;
		}
		const loaded = await loadConfigsFast(start, this.env, version);
		const services = this.#servicesFrom(loaded.global);
		for (const warning of loaded.workspace.warnings) this.output.err(`warning: ${warning.text}`);
		const context = new WorkspaceContext(loaded.workspace, services);
		this.#opened.push(context);
		return context;
	}

	/** Every registered workspace (plus the current one), skipping broken configs with a message. */
	async allWorkspaces(): Promise<WorkspaceContext[]> {
		const {listRegisteredWorkspaces} = await import('../core/config/index.js');
		const contexts: WorkspaceContext[] = [];
		const seen = new Set<string>();
		const candidates = [...listRegisteredWorkspaces(this.env).map((entry) => ({root: entry.root, label: entry.name})), {root: process.cwd(), label: '(current directory)'}];
		for (const candidate of candidates) {
			try {
				const loaded = await loadConfigsFast(candidate.root, this.env, version);
				if (seen.has(loaded.workspace.root)) continue;
				seen.add(loaded.workspace.root);
				const context = new WorkspaceContext(loaded.workspace, this.#servicesFrom(loaded.global));
				contexts.push(context);
				this.#opened.push(context);
			} catch (error) {
				if (candidate.label === '(current directory)' && error instanceof TuttiError && error.code === 'ERR_CONFIG_NOT_FOUND') continue;
				this.output.err(`warning: skipping workspace ${candidate.label}: ${error instanceof Error ? (error.message.split('\n')[0] ?? '') : String(error)}`);
			}
		}
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
