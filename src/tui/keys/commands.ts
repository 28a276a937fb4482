/**
 * Every key binding of `tt watch`, declared once. Components ask `matches('agent.attach', key)`
 * and never compare raw keys; the help overlay and docs/keybindings.md are generated from here.
 */

export const commandCategories = ['Navigate', 'Agent', 'Focus mode', 'Prompt', 'View', 'App'] as const;
export type CommandCategory = (typeof commandCategories)[number];

/** A key: `q`, `G`, `?`, `enter`, `escape`, `up`, `pageup`, `ctrl+c`, `alt+enter`, `shift+tab`. */
export type KeySpec = string;

export type CommandId =
	| 'nav.up'
	| 'nav.down'
	| 'nav.left'
	| 'nav.right'
	| 'nav.first'
	| 'nav.last'
	| 'nav.next-attention'
	| 'agent.focus'
	| 'agent.attach'
	| 'agent.peek'
	| 'agent.send'
	| 'agent.up'
	| 'agent.down'
	| 'agent.restart'
	| 'agent.land'
	| 'agent.review'
	| 'agent.approve'
	| 'agent.deny'
	| 'agent.handoff'
	| 'agent.handoff-fresh'
	| 'focus.back'
	| 'focus.scroll-up'
	| 'focus.scroll-down'
	| 'focus.scroll-live'
	| 'focus.toggle-usage'
	| 'focus.toggle-diff'
	| 'focus.toggle-events'
	| 'focus.diff-up'
	| 'focus.diff-down'
	| 'prompt.submit'
	| 'prompt.newline'
	| 'prompt.history-prev'
	| 'prompt.history-next'
	| 'prompt.clear'
	| 'prompt.cancel'
	| 'dialog.confirm'
	| 'dialog.cancel'
	| 'view.filter'
	| 'view.theme'
	| 'app.workflow'
	| 'app.mark-seen'
	| 'app.help'
	| 'help.next-page'
	| 'help.previous-page'
	| 'app.quit';

export type Command = {keys: readonly KeySpec[]; description: string; category: CommandCategory};

/** The binding table. `satisfies` makes the compiler insist on an entry for every command id. */
export const commands = {
	'nav.up': {keys: ['up', 'k'], description: 'select the agent above', category: 'Navigate'},
	'nav.down': {keys: ['down', 'j'], description: 'select the agent below', category: 'Navigate'},
	'nav.left': {keys: ['left', 'h'], description: 'select the agent to the left (previous stage)', category: 'Navigate'},
	'nav.right': {keys: ['right', 'l'], description: 'select the agent to the right (next stage)', category: 'Navigate'},
	'nav.first': {keys: ['home', 'g'], description: 'select the first agent', category: 'Navigate'},
	'nav.last': {keys: ['end', 'G'], description: 'select the last agent', category: 'Navigate'},
	'nav.next-attention': {keys: ['tab'], description: 'jump to the next agent that needs you', category: 'Navigate'},
	'agent.focus': {keys: ['enter'], description: 'open Agent Focus Mode (live terminal, usage, diff, prompt)', category: 'Agent'},
	'agent.attach': {keys: ['a'], description: 'attach: hand the terminal to the agent\'s tmux session (Ctrl-b d comes back)', category: 'Agent'},
	'agent.peek': {keys: ['p'], description: 'peek at the agent\'s screen', category: 'Agent'},
	'agent.send': {keys: ['s'], description: 'type a prompt for the agent', category: 'Agent'},
	'agent.up': {keys: ['u'], description: 'start the agent', category: 'Agent'},
	'agent.down': {keys: ['d'], description: 'stop the agent (asks first)', category: 'Agent'},
	'agent.restart': {keys: ['r'], description: 'restart the agent (asks first)', category: 'Agent'},
	'agent.land': {keys: ['L'], description: 'land the agent\'s commits on your branch (asks first)', category: 'Agent'},
	'agent.review': {keys: ['R'], description: 'send the agent\'s changes to a reviewer agent', category: 'Agent'},
	// Capitals, like land and review: a stray key must not answer a dialog.
	'agent.approve': {keys: ['Y'], description: 'approve, once, what the agent\'s dialog asks (when it needs input)', category: 'Agent'},
	'agent.deny': {keys: ['N'], description: 'deny what the agent\'s dialog asks (when it needs input)', category: 'Agent'},
	'agent.handoff': {keys: ['H'], description: 'write a handoff packet', category: 'Agent'},
	'agent.handoff-fresh': {keys: ['F'], description: 'restart on a new conversation with a handoff packet you pick', category: 'Agent'},
	'focus.back': {keys: ['escape'], description: 'back to the factory floor', category: 'Focus mode'},
	'focus.scroll-up': {keys: ['pageup', 'ctrl+b'], description: 'scroll the terminal back', category: 'Focus mode'},
	'focus.scroll-down': {keys: ['pagedown', 'ctrl+f'], description: 'scroll the terminal forward', category: 'Focus mode'},
	'focus.scroll-live': {keys: ['end', 'G'], description: 'follow the live screen again', category: 'Focus mode'},
	'focus.toggle-usage': {keys: ['1'], description: 'show or hide token usage and context health', category: 'Focus mode'},
	'focus.toggle-diff': {keys: ['2'], description: 'show or hide the worktree diff', category: 'Focus mode'},
	'focus.toggle-events': {keys: ['3'], description: 'show or hide the agent\'s recent events', category: 'Focus mode'},
	'focus.diff-up': {keys: ['['], description: 'scroll the diff up', category: 'Focus mode'},
	'focus.diff-down': {keys: [']'], description: 'scroll the diff down', category: 'Focus mode'},
	'prompt.submit': {keys: ['enter'], description: 'send the prompt to the agent', category: 'Prompt'},
	'prompt.newline': {keys: ['ctrl+j', 'alt+enter'], description: 'new line in the prompt', category: 'Prompt'},
	'prompt.history-prev': {keys: ['up'], description: 'previous prompt from history', category: 'Prompt'},
	'prompt.history-next': {keys: ['down'], description: 'next prompt from history', category: 'Prompt'},
	'prompt.clear': {keys: ['ctrl+u'], description: 'clear the prompt', category: 'Prompt'},
	'prompt.cancel': {keys: ['escape'], description: 'leave the prompt bar (the draft is kept)', category: 'Prompt'},
	'dialog.confirm': {keys: ['y', 'enter'], description: 'confirm', category: 'View'},
	'dialog.cancel': {keys: ['n', 'escape'], description: 'cancel', category: 'View'},
	'view.filter': {keys: ['f'], description: 'filter agents by state (all → need you → working → idle → stopped)', category: 'View'},
	'view.theme': {keys: ['t'], description: 'switch colour theme', category: 'View'},
	'app.workflow': {keys: ['w'], description: 'run a workflow (picker)', category: 'App'},
	'app.mark-seen': {keys: ['m'], description: "mark every agent's news seen (● unread; in the dashboard too)", category: 'App'},
	'app.help': {keys: ['?'], description: 'show or hide this help', category: 'App'},
	'help.next-page': {keys: ['pagedown', ' '], description: 'next page of this help', category: 'App'},
	'help.previous-page': {keys: ['pageup'], description: 'previous page of this help', category: 'App'},
	'app.quit': {keys: ['q', 'ctrl+c'], description: 'quit (agents keep running)', category: 'App'},
} as const satisfies Record<CommandId, Command>;

/** The keys of the footer, per screen, in order. */
export const footerCommands = {
	floor: ['nav.down', 'agent.focus', 'agent.attach', 'agent.send', 'agent.peek', 'view.filter', 'app.workflow', 'app.help', 'app.quit'],
	focus: ['focus.back', 'agent.send', 'focus.scroll-up', 'focus.toggle-usage', 'focus.toggle-diff', 'focus.toggle-events', 'agent.attach', 'app.help'],
	prompt: ['prompt.submit', 'prompt.newline', 'prompt.history-prev', 'prompt.cancel'],
	/** While the selected agent needs input: its answers first. */
	floorAsking: ['agent.approve', 'agent.deny', 'agent.attach', 'agent.peek', 'agent.focus', 'nav.down', 'app.help', 'app.quit'],
	focusAsking: ['focus.back', 'agent.approve', 'agent.deny', 'agent.attach', 'focus.scroll-up', 'agent.send', 'app.help'],
} as const satisfies Record<string, readonly CommandId[]>;

/** Short labels for the footer (the help overlay uses the full description). */
export const footerLabels: Partial<Record<CommandId, string>> = {
	'nav.down': 'move',
	'agent.focus': 'focus',
	'agent.attach': 'attach',
	'agent.send': 'send',
	'agent.peek': 'peek',
	'agent.approve': 'approve',
	'agent.deny': 'deny',
	'view.filter': 'filter',
	'app.workflow': 'run',
	'app.help': 'help',
	'app.quit': 'quit',
	'focus.back': 'floor',
	'focus.scroll-up': 'scroll',
	'focus.toggle-usage': 'usage',
	'focus.toggle-diff': 'diff',
	'focus.toggle-events': 'events',
	'prompt.submit': 'send',
	'prompt.newline': 'new line',
	'prompt.history-prev': 'history',
	'prompt.cancel': 'leave',
};
