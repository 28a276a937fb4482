import {spawn} from 'node:child_process';
import type {NotifyConfig} from '../config/index.js';
import {log} from '../log.js';

/** One piece of news for a person. */
export type Notice = {title: string; body: string; workspace: string; agent: string | null; kind: string; event_id: number; at: string};

export type Channel = (notice: Notice) => Promise<void>;

/** The channels `[notify]` turns on. A channel that fails is logged; it never stops the recorder. */
export function channelsFor(config: NotifyConfig): Channel[] {
	const channels: Channel[] = [];
	if (config.webhook) {
		const url = config.webhook;
		channels.push((notice) => post(url, JSON.stringify(notice), {'content-type': 'application/json'}));
	}
	if (config.ntfy) {
		const url = config.ntfy;
		// Header values must be Latin-1 without line breaks: the title is tutti's own words, kept plain.
		channels.push((notice) => post(url, notice.body, {title: latin1(notice.title), tags: notice.kind === 'workflow' ? 'tada' : 'warning'}));
	}
	if (config.desktop) channels.push(desktop);
	return channels;
}

async function post(url: string, body: string, headers: Record<string, string>): Promise<void> {
	const response = await fetch(url, {method: 'POST', body, headers, signal: AbortSignal.timeout(5000)});
	if (!response.ok) throw new Error(`${url} answered ${response.status}`);
}

function latin1(text: string): string {
	return text.replace(/[^\x20-\x7e\xa0-\xff]/g, '?');
}

/** `notify-send` on Linux, `osascript` on macOS; argv only (the text is data, never a shell line). */
function desktop(notice: Notice): Promise<void> {
	const [command, args] =
		process.platform === 'darwin' ? ['osascript', ['-e', `display notification ${JSON.stringify(notice.body)} with title ${JSON.stringify(notice.title)}`]] : ['notify-send', ['--app-name=tutti', notice.title, notice.body]];
	return new Promise((resolve) => {
		const child = spawn(command, args, {stdio: 'ignore'});
		child.on('error', (error) => {
			log.debug('desktop notification failed', {error: String(error)});
			resolve();
		});
		child.on('exit', () => resolve());
	});
}
