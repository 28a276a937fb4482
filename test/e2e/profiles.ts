import {mkdirSync, writeFileSync} from 'node:fs';
import path from 'node:path';
import type {WorkspaceContext} from '../../src/core/agents/context.js';
import type {MockModelServer} from '../mock-model/server.js';
import type {ClientKind} from '../mock-model/types.js';
import {cliPath, requireClis} from './clis.js';
import {makeE2eWorld, type CliRuntime, type E2eWorld} from './world.js';

/** Where a profile's CLI runs: the mock's URL, the world's HOME, the agent's worktree, the CLI's version. */
export type ProfilePlace = {url: string; home: string; root: string; version: string};

/**
 * How one real CLI is run under tutti against the mock model, written once: the e2e tests of the
 * CLI and the live truth benchmark start it from here.
 */
export type CliProfile = {
	/** Names the world and the workspace (`e2e-<id>`). */
	id: string;
	runtime: CliRuntime;
	/** The API dialect it speaks to the mock. */
	client: ClientKind;
	agent: string;
	/** The newest release, installed under Node 24 (else the pinned one, under this Node). */
	newest?: boolean;
	/** Extra `args` of the agent. */
	args?: string[];
	env: (place: Pick<ProfilePlace, 'url' | 'home'>) => Record<string, string>;
	/** Files the CLI reads at start (settings, trust, onboarding done), written into HOME before `tt up`. */
	prepare?: (place: ProfilePlace) => void;
	/** Its own log folder under HOME, shown when a wait times out. */
	logDir?: (home: string) => string;
};

const writeJson = (file: string, value: unknown): void => {
	mkdirSync(path.dirname(file), {recursive: true});
	writeFileSync(file, JSON.stringify(value));
};

const claudeKey = 'sk-ant-api03-tutti-e2e-mock-key-0123456789abcdefghij';
const claudeEnv = ({url}: {url: string}): Record<string, string> => ({
	ANTHROPIC_BASE_URL: url,
	ANTHROPIC_API_KEY: claudeKey,
	CLAUDE_CODE_MAX_RETRIES: '1',
	DISABLE_TELEMETRY: '1',
	DISABLE_AUTOUPDATER: '1',
	DISABLE_ERROR_REPORTING: '1',
	CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC: '1',
	IS_SANDBOX: '1',
});
/** Onboarding done, the project trusted, the key approved: no first-run dialog. */
const claudeHome = ({home, root, version}: ProfilePlace, extra: Record<string, unknown> = {}): void => {
	writeJson(path.join(home, '.claude.json'), {
		hasCompletedOnboarding: true,
		lastOnboardingVersion: version,
		theme: 'dark',
		...extra,
		customApiKeyResponses: {approved: [claudeKey.slice(-20)], rejected: []},
		projects: {[root]: {hasTrustDialogAccepted: true, hasCompletedProjectOnboarding: true, allowedTools: []}},
	});
	mkdirSync(path.join(home, '.claude'), {recursive: true});
};

const qwenEnv = ({url}: {url: string}): Record<string, string> => ({OPENAI_BASE_URL: `${url}/v1`, OPENAI_API_KEY: 'sk-tutti-e2e-mock-qwen', OPENAI_MODEL: 'tutti-mock-model'});
const qwenHome = ({home}: ProfilePlace): void =>
	writeJson(path.join(home, '.qwen', 'settings.json'), {
		security: {auth: {selectedType: 'openai'}, folderTrust: {enabled: false}},
		general: {disableAutoUpdate: true, disableUpdateNag: true, enableAutoUpdate: false},
		privacy: {usageStatisticsEnabled: false},
		telemetry: {enabled: false},
		ui: {theme: 'Default'},
		// No minute-long rate-limit retries on top of the per-request ones.
		model: {generationConfig: {maxRetries: 0}},
		// Its background memory agent sends tool-carrying requests after each turn; the mock would
		// answer them as main turns.
		memory: {enableManagedAutoMemory: false},
	});

export const profiles = {
	claudeCode: {
		id: 'claude',
		runtime: 'claude-code',
		client: 'anthropic',
		agent: 'claude',
		env: claudeEnv,
		prepare: (place) => {
			claudeHome(place, {bypassPermissionsModeAccepted: true});
			writeJson(path.join(place.home, '.claude', 'settings.json'), {skipDangerousModePermissionPrompt: true});
		},
	},
	claudeCodeNewest: {id: 'claude-new', runtime: 'claude-code', client: 'anthropic', agent: 'claude', newest: true, env: claudeEnv, prepare: (place) => claudeHome(place)},
	codex: {
		id: 'codex',
		runtime: 'codex',
		client: 'openai',
		agent: 'codex',
		args: ['--no-daemon'],
		env: ({home}) => ({CODEX_HOME: path.join(home, '.codex'), TUTTI_MOCK_OPENAI_KEY: 'sk-tutti-e2e-mock'}),
		// A model name of its own (a catalog name opens a model-upgrade dialog), no retries, the project trusted.
		prepare: ({home, url, root}) => {
			mkdirSync(path.join(home, '.codex'), {recursive: true});
			const config = ['model = "tutti-mock-model"', 'model_provider = "mock"', 'check_for_update_on_startup = false', 'approval_policy = "on-request"', ''];
			config.push('[model_providers.mock]', 'name = "Tutti mock"', `base_url = "${url}/v1"`, 'env_key = "TUTTI_MOCK_OPENAI_KEY"', 'wire_api = "responses"', 'request_max_retries = 0', 'stream_max_retries = 0', '');
			config.push(`[projects."${root}"]`, 'trust_level = "trusted"', '');
			writeFileSync(path.join(home, '.codex', 'config.toml'), config.join('\n'));
		},
	},
	geminiCli: {
		id: 'gemini',
		runtime: 'gemini-cli',
		client: 'gemini',
		agent: 'gemini',
		env: ({url}) => ({GOOGLE_GEMINI_BASE_URL: url, GEMINI_API_KEY: 'tutti-e2e-mock-gemini-key'}),
		prepare: ({home}) =>
			writeJson(path.join(home, '.gemini', 'settings.json'), {
				security: {auth: {selectedType: 'gemini-api-key'}, folderTrust: {enabled: false}},
				general: {enableAutoUpdate: false, enableAutoUpdateNotification: false, maxAttempts: 1},
				privacy: {usageStatisticsEnabled: false},
				telemetry: {enabled: false},
				ui: {theme: 'Default'},
			}),
	},
	qwenCode: {id: 'qwen', runtime: 'qwen-code', client: 'chat', agent: 'qwen', env: qwenEnv, prepare: qwenHome},
	qwenCodeNewest: {id: 'qwen-new', runtime: 'qwen-code', client: 'chat', agent: 'qwen', newest: true, env: qwenEnv, prepare: qwenHome},
	opencode: {
		id: 'opencode',
		runtime: 'opencode',
		client: 'chat',
		agent: 'opencode',
		// No model catalogue download, update check, share link, LSP download or ~/.claude import.
		env: () => ({
			TUTTI_MOCK_OPENAI_KEY: 'sk-tutti-e2e-mock-opencode',
			OPENCODE_DISABLE_MODELS_FETCH: '1',
			OPENCODE_DISABLE_AUTOUPDATE: '1',
			OPENCODE_DISABLE_SHARE: '1',
			OPENCODE_DISABLE_LSP_DOWNLOAD: '1',
			OPENCODE_DISABLE_CLAUDE_CODE: '1',
		}),
		prepare: ({home, url}) =>
			writeJson(path.join(home, '.config', 'opencode', 'opencode.json'), {
				$schema: 'https://opencode.ai/config.json',
				provider: {mock: {npm: '@ai-sdk/openai-compatible', name: 'Mock', options: {baseURL: `${url}/v1`, apiKey: '{env:TUTTI_MOCK_OPENAI_KEY}'}, models: {'tutti-mock-model': {name: 'Mock model'}}}},
				model: 'mock/tutti-mock-model',
				small_model: 'mock/tutti-mock-model',
				// Its default runs shell commands without asking.
				permission: {bash: 'ask'},
				autoupdate: false,
				share: 'disabled',
			}),
	},
	copilot: {
		id: 'copilot',
		runtime: 'copilot',
		client: 'chat',
		agent: 'copilot',
		env: ({url}) => ({
			COPILOT_PROVIDER_BASE_URL: `${url}/v1`,
			COPILOT_PROVIDER_API_KEY: 'sk-tutti-e2e-mock-copilot',
			COPILOT_MODEL: 'tutti-mock-model',
			// A model outside its catalogue needs its limits spelled out.
			COPILOT_PROVIDER_MAX_PROMPT_TOKENS: '128000',
			COPILOT_PROVIDER_MAX_OUTPUT_TOKENS: '8192',
			COPILOT_OFFLINE: 'true',
			COPILOT_AUTO_UPDATE: 'false',
		}),
		// The project is trusted: no folder-trust dialog at start.
		prepare: ({home, root}) => writeJson(path.join(home, '.copilot', 'config.json'), {trustedFolders: [root]}),
		logDir: (home) => path.join(home, '.copilot', 'logs'),
	},
	openclaw: {
		id: 'openclaw',
		runtime: 'openclaw',
		client: 'chat',
		agent: 'claw',
		newest: true,
		env: () => ({}),
		prepare: ({home, url, root}) =>
			writeJson(path.join(home, '.openclaw', 'openclaw.json'), {
				models: {providers: {mock: {baseUrl: `${url}/v1`, apiKey: 'sk-tutti-e2e-mock-openclaw', api: 'openai-completions', models: [{id: 'tutti-mock-model', name: 'tutti mock model', contextWindow: 128_000, maxTokens: 4096}]}}},
				// Its exec tool runs in the agent's workspace: the worktree tutti made for it.
				agents: {defaults: {model: {primary: 'mock/tutti-mock-model'}, workspace: root}},
				logging: {file: path.join(home, 'openclaw.log')},
			}),
	},
} satisfies Record<string, CliProfile>;

export type StartedProfile = {e2e: E2eWorld; ctx: WorkspaceContext; root: string; session: string; version: string; url: string};

const tomlString = (value: string): string => JSON.stringify(value);

export type ProfileOptions = {
	mock?: ConstructorParameters<typeof MockModelServer>[0];
	/** Names the world and the workspace. @default `e2e-<id>` */
	name?: string;
	/** `[launch]` keys. @default {mode: 'safe'} */
	launch?: Readonly<Record<string, string>>;
	/** More environment for the profile's agent. */
	env?: Readonly<Record<string, string>>;
	/** `[[agent]]` tables after the profile's agent (a demo agent it talks to, say). */
	moreAgents?: string;
};

/**
 * A world with the profile's CLI on PATH, the mock model started, the workspace written and the
 * CLI's files prepared — everything up to `tt up`, which the caller runs (and checks) itself.
 */
export async function startProfile(profile: CliProfile, options: ProfileOptions = {}): Promise<StartedProfile> {
	const clis = requireClis(profile.newest ? {newest: true, runtimes: [profile.runtime]} : {});
	const name = options.name ?? `e2e-${profile.id}`;
	const e2e = makeE2eWorld(name, cliPath(clis), options.mock);
	const url = await e2e.mock.start();
	const launch = Object.entries(options.launch ?? {mode: 'safe'}).map(([key, value]) => `${key} = ${tomlString(value)}`);
	const toml = ['[workspace]', `name = "${name}"`, '[launch]', ...launch, '[[agent]]', `name = "${profile.agent}"`, `runtime = "${profile.runtime}"`];
	if (profile.args) toml.push(`args = [${profile.args.map(tomlString).join(', ')}]`);
	const env = Object.entries({...profile.env({url, home: e2e.home}), ...options.env});
	if (env.length > 0) toml.push('[agent.env]', ...env.map(([key, value]) => `${key} = ${tomlString(value)}`));
	const ctx = e2e.workspace([...toml, options.moreAgents ?? ''].join('\n'));
	// The pinned set's versions are what scripts/e2e-setup.mjs pins; the newest set reports its own.
	const version = clis.versions[profile.runtime] ?? '';
	profile.prepare?.({url, home: e2e.home, root: ctx.root, version});
	return {e2e, ctx, root: ctx.root, session: ctx.sessionOf(profile.agent), version, url};
}

/** `tt up` in the profile's workspace (its output in the error when it fails), then the streaming observer. */
export async function upProfile(started: StartedProfile): Promise<void> {
	const up = await started.e2e.world.tt(['up'], {cwd: started.root});
	if (up.code !== 0) throw new Error(`tt up failed (${up.code}):\n${up.stdout}\n${up.stderr}`);
	await started.e2e.startObserver(started.ctx);
}
