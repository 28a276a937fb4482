import {readdir} from 'node:fs/promises';
import path from 'node:path';
import {readClaudeLog} from './claude.js';
import {readCodexRollout} from './codex.js';
import {findFiles, type FoundFile} from './files.js';
import {geminiProjectPath, geminiRegistry, readGeminiChat} from './gemini.js';
import {claudeRoots, codexRoots, demoRoots, geminiRoots, type LogRoot} from './roots.js';
import {usageSources, type RecordSink, type SkippedFile, type UsageRecord, type UsageSource} from './types.js';

export type ScanOptions = {
	/** Where `CLAUDE_CONFIG_DIR`, `CODEX_HOME`, `GEMINI_CLI_HOME`, `HOME` come from. @default process.env */
	env?: NodeJS.ProcessEnv;
	/** Which CLIs' logs to read. @default every source */
	sources?: readonly UsageSource[];
	/** Project roots whose demo-agent logs (`.tutti/demo-home`) are read too. @default [] */
	demoProjects?: readonly string[];
	/** Skip log files last modified before this time (epoch ms): they hold nothing newer. */
	modifiedSince?: number;
	/** Paths used to recognise Gemini's older SHA-256-named project folders. @default demoProjects */
	knownPaths?: readonly string[];
	/** More accounts whose CLI folders are read too (the env each `[[profile]]` sets); a folder read once. @default [] */
	accounts?: readonly NodeJS.ProcessEnv[];
	/** Files read at the same time. @default 8 */
	concurrency?: number;
};

export type ScanResult = {
	/** Deduplicated records, in no particular order. */
	records: UsageRecord[];
	/** The log folders that existed and were scanned. */
	roots: LogRoot[];
	files_scanned: number;
	skipped_lines: number;
	skipped_files: SkippedFile[];
};

/** Collects records; with a message key only the earliest record per source and key is kept. */
class Collector implements RecordSink {
	readonly records: UsageRecord[] = [];
	readonly skipped = new Map<string, SkippedFile>();
	readonly #byKey = new Map<string, number>();

	add(record: UsageRecord): void {
		if (record.messageKey === undefined) {
			this.records.push(record);
			return;
		}
		const key = `${record.source}\u0000${record.messageKey}`;
		const index = this.#byKey.get(key);
		if (index === undefined) {
			this.#byKey.set(key, this.records.length);
			this.records.push(record);
		} else if (record.timestamp < this.records[index]!.timestamp) {
			this.records[index] = record;
		}
	}

	skip(file: string, lines: number, error?: string): void {
		const entry = this.skipped.get(file) ?? {file, lines: 0};
		entry.lines += lines;
		if (error !== undefined) entry.error = error;
		this.skipped.set(file, entry);
	}
}

/** One log file to read; `key` names what its records depend on (the file, and for Gemini the project it belongs to). */
type Task = {file: FoundFile; key: string; read: (sink: RecordSink) => Promise<void>};

/** What one file held when it had this size and modification time. */
type FileRead = {stamp: string; records: UsageRecord[]; skipped: Array<{file: string; lines: number}>};

/**
 * Files already parsed in this process, by task key: a file whose size and mtime did not move is
 * not read again (logs only grow at the end of a turn, while `tt serve`, `tt watch` and budget
 * checks ask every few seconds). A changed file is read again whole (a JSONL log can be rewritten).
 */
const parsedFiles = new Map<string, FileRead>();

async function readCached(task: Task): Promise<FileRead> {
	const stamp = `${task.file.mtimeMs}:${task.file.size}`;
	const known = parsedFiles.get(task.key);
	if (known?.stamp === stamp) return known;
	const read: FileRead = {stamp, records: [], skipped: []};
	await task.read({add: (record) => read.records.push(record), skip: (file, lines) => read.skipped.push({file, lines})});
	parsedFiles.set(task.key, read);
	return read;
}

async function tasksFor(root: LogRoot, knownPaths: readonly string[]): Promise<Task[]> {
	const jsonl = (name: string) => name.endsWith('.jsonl');
	switch (root.source) {
		case 'claude-code':
		case 'demo':
			return (await findFiles(root.dir, jsonl)).map((file) => ({file, key: `${root.source}\u0000${file.file}`, read: (sink) => readClaudeLog(file.file, root.source, sink)}));
		case 'codex':
			return (await findFiles(root.dir, (name) => name.startsWith('rollout-') && jsonl(name))).map((file) => ({file, key: `codex\u0000${file.file}`, read: (sink) => readCodexRollout(file.file, sink)}));
		case 'gemini-cli': {
			const registry = await geminiRegistry(path.dirname(root.dir));
			const tasks: Task[] = [];
			let projects: string[];
			try {
				projects = await readdir(root.dir);
			} catch {
				return [];
			}
			for (const project of projects) {
				const projectDir = path.join(root.dir, project);
				const files = await findFiles(path.join(projectDir, 'chats'), jsonl, 2);
				if (files.length === 0) continue;
				const cwd = await geminiProjectPath(projectDir, registry, knownPaths);
				tasks.push(...files.map((file) => ({file, key: `gemini-cli\u0000${file.file}\u0000${cwd ?? ''}`, read: (sink: RecordSink) => readGeminiChat(file.file, cwd, sink)})));
			}
			return tasks;
		}
	}
}

async function pool<T>(items: readonly T[], limit: number, run: (item: T) => Promise<void>): Promise<void> {
	let next = 0;
	const worker = async () => {
		while (next < items.length) await run(items[next++]!);
	};
	await Promise.all(Array.from({length: Math.max(1, Math.min(limit, items.length))}, worker));
}

/**
 * Reads the token usage in every CLI's local session logs. Never throws for bad input: garbled,
 * truncated or half-written lines are counted per file, unreadable files are listed.
 */
export async function scanUsage(options: ScanOptions = {}): Promise<ScanResult> {
	const env = options.env ?? process.env;
	const sources = new Set(options.sources ?? usageSources);
	const roots: LogRoot[] = [];
	const add = (found: readonly LogRoot[]) => {
		for (const root of found) if (!roots.some((known) => known.dir === root.dir)) roots.push(root);
	};
	for (const account of [env, ...(options.accounts ?? [])]) {
		if (sources.has('claude-code')) add(await claudeRoots(account));
		if (sources.has('codex')) add(await codexRoots(account));
		if (sources.has('gemini-cli')) add(await geminiRoots(account));
	}
	if (sources.has('demo')) add(await demoRoots(options.demoProjects ?? []));

	const knownPaths = options.knownPaths ?? options.demoProjects ?? [];
	const tasks: Task[] = [];
	for (const root of roots) tasks.push(...(await tasksFor(root, knownPaths)));
	const since = options.modifiedSince;
	const wanted = since === undefined ? tasks : tasks.filter((task) => task.file.mtimeMs >= since);

	const collector = new Collector();
	await pool(wanted, options.concurrency ?? 8, async (task) => {
		try {
			const read = await readCached(task);
			for (const record of read.records) collector.add(record);
			for (const skipped of read.skipped) collector.skip(skipped.file, skipped.lines);
		} catch (error) {
			// Deleted or unreadable between listing and reading: report it, keep going.
			collector.skip(task.file.file, 0, error instanceof Error ? error.message : String(error));
		}
	});
	const skippedFiles = [...collector.skipped.values()].sort((a, b) => a.file.localeCompare(b.file));
	return {
		records: collector.records,
		roots,
		files_scanned: wanted.length,
		skipped_lines: skippedFiles.reduce((sum, entry) => sum + entry.lines, 0),
		skipped_files: skippedFiles,
	};
}
