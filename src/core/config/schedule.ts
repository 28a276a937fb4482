import {Cron} from 'croner';

export type ScheduleCheck = {error?: string; warning?: string};

/**
 * Checks a workflow `schedule`: exactly five fields (minute hour day-of-month month day-of-week),
 * parsed by croner with POSIX numbering (0 or 7 = Sunday).
 */
export function checkSchedule(expression: string): ScheduleCheck {
	const fields = expression.trim().split(/\s+/).filter(Boolean);
	if (fields.length !== 5) {
		return {error: `schedule must have exactly 5 fields (minute hour day-of-month month day-of-week), got ${fields.length} in "${expression}"`};
	}
	let next: Date | null;
	try {
		const job = new Cron(fields.join(' '), {paused: true, mode: '5-part'});
		next = job.nextRun();
		job.stop();
	} catch (error) {
		const reason = (error as Error).message.replace(/^CronPattern: /, '');
		return {error: `schedule "${expression}" is not a valid cron expression: ${reason}`};
	}
	if (next === null) return {warning: `schedule "${expression}" never fires`};
	// tutti v0.8 numbered weekdays 1-7 from Sunday; names mean the same thing in both.
	if (/\d/.test(fields[4]!)) {
		return {
			warning: `schedule "${expression}" uses a numeric day of week: tutti counts 0 or 7 = Sunday, 1 = Monday (tutti v0.8 counted 1 = Sunday); names such as MON-FRI are unambiguous`,
		};
	}
	return {};
}
