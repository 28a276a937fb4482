import os from 'node:os';
import path from 'node:path';
import type {SessionSupport} from '../../core/agents/adapter.js';
import {newUuid, verifyClaudeTranscript} from '../shared/claude-sessions.js';

/**
 * Qwen Code (0.15) takes the id for a run (`--session-id <id>`) and resumes with `--resume <id>`.
 * Its chat log is `<runtime dir>/projects/<cwd slug>/chats/<id>.jsonl`, Claude-like records that
 * each carry `cwd`; the runtime dir is `$QWEN_RUNTIME_DIR`, else `$QWEN_HOME`, else `~/.qwen`.
 */
export const qwenSessions: SessionSupport = {
	identity: 'assigned',
	configDir: ({env}) => env['QWEN_RUNTIME_DIR'] || env['QWEN_HOME'] || path.join(env['HOME'] || os.homedir(), '.qwen'),
	newId: newUuid,
	verify: (query) => verifyClaudeTranscript(query, ['chats']),
};
