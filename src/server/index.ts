/** Public surface of the server for the CLI: build, record, guard the bind, the token. */
export {buildServer, type ServerOptions} from './app.js';
export {startRecorder, type Recorder} from './recorder.js';
export {assertSafeBind, dashboardUrl, loadOrCreateToken, minTokenLength, readTokenFile, serveTokenFile} from './token.js';
export {defaultDashboardDir} from './plugins/dashboard.js';
export {isLoopbackHost} from './plugins/security.js';
export {noUsage, zeroUsage, type AgentUsage, type ServerCore, type UsageReader, type WorkflowRunner, type WorkflowRunOptions, type WorkflowVerifyOptions} from './types.js';
