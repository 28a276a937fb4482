/**
 * Handoff packets: what a fresh session (or another CLI) needs to continue an agent's work —
 * written by `generateHandoff`, found by `listHandoffs`, typed in by `applyHandoff`; written on
 * their own by `HandoffTriggers` (context threshold, lost login) from the recorder.
 */
export {applyHandoff, type AppliedHandoff, type ApplyOptions} from './apply.js';
export {agentContextPct, autoTriggerPct} from './context-use.js';
export {listHandoffs, parsePacketName, resolvePacket, type HandoffFile, type ListHandoffsOptions, type PacketKind} from './files.js';
export {generateHandoff, type GeneratedHandoff, type GenerateOptions} from './generate.js';
