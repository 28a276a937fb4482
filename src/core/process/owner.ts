import os from 'node:os';

/**
 * Which process owns a run or a lock: `<host>:<pid>`. A process is presumed dead when its pid is
 * gone (same host) or when it has not refreshed its heartbeat for {@link staleAfterMs} (another
 * host, a reused pid, a hung process).
 */
export const staleAfterMs = 60_000;

/** How often live processes refresh the heartbeat of the runs and locks they hold. */
export const heartbeatEveryMs = 5_000;

export function processOwner(): string {
	return `${os.hostname()}:${process.pid}`;
}

export function ownerPid(owner: string): number | undefined {
	const pid = Number(owner.slice(owner.lastIndexOf(':') + 1));
	return Number.isInteger(pid) && pid > 0 ? pid : undefined;
}

export function pidAlive(pid: number): boolean {
	try {
		process.kill(pid, 0);
		return true;
	} catch (error) {
		// EPERM: the process exists but belongs to someone else.
		return (error as NodeJS.ErrnoException).code === 'EPERM';
	}
}

/** Whether the owner of a row is still around (see the module comment). */
export function ownerAlive(owner: string | null, heartbeatAt: string | null, now = Date.now()): boolean {
	if (!owner) return false;
	if (owner === processOwner()) return true;
	const fresh = heartbeatAt !== null && now - Date.parse(heartbeatAt) < staleAfterMs;
	const host = owner.slice(0, owner.lastIndexOf(':'));
	if (host !== os.hostname()) return fresh;
	const pid = ownerPid(owner);
	return pid !== undefined && pidAlive(pid) && fresh;
}

type Beat = () => void;
const beats = new Set<Beat>();
let timer: NodeJS.Timeout | undefined;

/** Calls `beat` every few seconds until the returned function is called (the timer never keeps node alive). */
export function keepAlive(beat: Beat): () => void {
	beats.add(beat);
	if (!timer) {
		timer = setInterval(() => {
			for (const each of beats) {
				try {
					each();
				} catch {
					// A busy database skips one beat; the next one catches up.
				}
			}
		}, heartbeatEveryMs);
		timer.unref();
	}
	return () => {
		beats.delete(beat);
		if (beats.size === 0 && timer) {
			clearInterval(timer);
			timer = undefined;
		}
	};
}
