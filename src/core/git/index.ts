/** Git for tutti: worktrees per agent, their diffs, landing their work, review packets. */
export {Git, gitBaseArgs, gitEnv, type DiffArgs, type GitRunOptions, type WorktreeAddArgs} from './git.js';
export {
	describeCommits,
	describeDiffSize,
	describeStatus,
	parseCherry,
	parseLog,
	parseNumstatZ,
	parseStatusZ,
	parseWorktreeList,
	plural,
	unquoteC,
	type CherryEntry,
	type CommitInfo,
	type FileStat,
	type StatusEntry,
	type WorktreeEntry,
} from './parse.js';
export {
	ensureTuttiExcluded,
	ensureWorktree,
	worktreesLease,
	findWorktree,
	requireHead,
	worktreePath,
	type EnsureWorktreeOptions,
	type EnsureWorktreeResult,
} from './worktree.js';
export {assertNothingUnsaved, describeUnsavedWork, findUnsavedWork, unlandedCommits, type UnlandedCommits, type UnsavedWork} from './unsaved.js';
export {inspectWorktree, removeWorktree, type RemoveWorktreeOptions, type RemoveWorktreeResult, type WorktreeInspection} from './inspect.js';
export {
	diffSection,
	requireWorktree,
	untrackedSection,
	worktreeDiff,
	type DiffSection,
	type WorktreeDiff,
	type WorktreeDiffOptions,
} from './diff.js';
export {conflictsOf, findConflicts, isManifest, type AgentWork, type ConflictReport, type PairConflict} from './conflicts.js';
export {checkMergeGate, isMergeGateEnabled, requireGh, type MergeGateOptions, type MergeGateResult} from './merge-gate.js';
export {forceLandStashMessage, isLanded, land, type LandedCommit, type LandOptions, type LandResult} from './land.js';
export {
	buildReviewPacket,
	findReviewPacket,
	reviewDiffLimit,
	reviewPrompt,
	reviewsDir,
	type ReviewPacket,
	type ReviewPacketOptions,
} from './review.js';
