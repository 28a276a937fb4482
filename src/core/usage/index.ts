/** Public surface of the usage module: token usage from each CLI's local session logs. */
export {agentUsageIn, totalTokens, zeroUsage, type AgentUsage} from './agent-usage.js';
export {Attributor, isUnder, PROJECT_ROOT_LABEL, type Attribution, type WorkspaceInfo} from './attribute.js';
export {claudeRecord, readClaudeLog} from './claude.js';
export {codexTokens, readCodexRollout} from './codex.js';
export {contextHealth, contextTokens, type ContextHealth, type ContextWindowOf} from './context-health.js';
export {dayStart, isDay, localDay} from './dates.js';
export {geminiTokens, readGeminiChat} from './gemini.js';
export {readJsonLines} from './lines.js';
export {buildUsageReport, usageGroupings, type ReportOptions, type ReportScope, type UsageGroupBy, type UsageReport, type UsageRow, type UsageTotals} from './report.js';
export type {LogRoot} from './roots.js';
export {scanUsage, type ScanOptions, type ScanResult} from './scan.js';
export {usageSources, type RecordSink, type SkippedFile, type TokenCounts, type UsageRecord, type UsageSource} from './types.js';
export {workspaceUsage, type AgentTokens, type WorkspaceUsage} from './by-agent.js';
