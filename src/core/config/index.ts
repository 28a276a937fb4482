/** Public surface of the config module: tutti.toml and the global config. */
export {
	CONFIG_FILE_NAME,
	findConfig,
	loadWorkspaceConfig,
	parseTemplateTag,
	parseWorkspaceConfig,
	type LoadedWorkspaceConfig,
	type ParsedWorkspaceConfig,
} from './load.js';
export {agentBranch, agentUsesWorktree, findAgent, launchOrder, resolveAgentRuntime} from './resolve.js';
export {
	globalConfigDir,
	globalConfigPath,
	listRegisteredWorkspaces,
	loadGlobalConfig,
	parseGlobalConfig,
	resolveWorkspaceByName,
	type ConfigEnv,
	type LoadedGlobalConfig,
	type RegisteredWorkspace,
} from './global.js';
export {registerWorkspace, setRegisteredWorkspaceText, updateGlobalConfigText, withGlobalConfigLock, type RegisterResult} from './global-write.js';
export {defaultGlobalConfigText} from './global-default.js';
export type {ConfigWarning, ConfigWarningCode} from './findings.js';
export {formatIssue, MAX_LISTED_ISSUES, type ConfigIssue} from './format-errors.js';
export {checkSchedule, type ScheduleCheck} from './schedule.js';
export {gitRefProblem, relativePathProblem, AGENT_NAME} from './rules.js';
export {suggest} from './suggest.js';
export {
	AgentSchema,
	TuttiConfigSchema,
	type AgentConfig,
	type BudgetConfig,
	type DefaultsConfig,
	type HandoffConfig,
	type LaunchConfig,
	type ObserveConfig,
	type DialogAnswerConfig,
	type ScreenRulesConfig,
	type ToolPackConfig,
	type TuttiConfig,
	type WatchConfig,
	type WorkspaceConfig,
} from './schema-workspace.js';
export {
	StepSchema,
	stepTypes,
	WorkflowSchema,
	type CommandStepConfig,
	type EnsureRunningStepConfig,
	type FailMode,
	type HookConfig,
	type LandStepConfig,
	type NestedWorkflowStepConfig,
	type PromptStepConfig,
	type PromptExpectConfig,
	type ReviewStepConfig,
	type StepConfig,
	type StepType,
	type WebhookConfig,
	type WorkflowConfig,
} from './schema-workflow.js';
export {GlobalConfigSchema, type GlobalConfig, type HostConfig, type ProfileConfig, type RegisteredWorkspaceConfig, type ResilienceConfig, type NotifyConfig, type Weekday} from './schema-global.js';
