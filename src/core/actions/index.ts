/**
 * Use cases every surface shares: the CLI, `tt watch` and the API map their input to these and
 * their results to text, a toast or an envelope. Starting and sending are `upAgents` and
 * `sendPrompt` (core/agents).
 */
export {answerPrompt, findDialogAnswer, type AnswerOptions, type AnswerResult, type DialogAnswerChoice} from './answer.js';
export {landAgent, type LandAgentOptions} from './land.js';
export {landQueue, type LandQueueOptions, type LandQueueResult, type QueueOutcome} from './land-queue.js';
export {defaultReviewer, requestReview, type ReviewRequest} from './review.js';
export {restartAgent, stopAgents} from './stop.js';
export {acknowledgeNotices, workspaceNotices} from './notices.js';
