import {Box, Text} from 'ink';
import {memo} from 'react';
import {Txt} from './Txt.js';

/** Rows the prompt bar takes for a draft (rule line + up to `maxLines` of text). */
export function promptBarHeight(draft: string, maxLines = 4): number {
	return 1 + Math.min(maxLines, Math.max(1, draft.split('\n').length));
}

/**
 * The prompt bar: a multi-line draft, the cursor at its end. Inactive, it shows how to start
 * typing. Text is rendered as typed (the agent gets it literally).
 */
export const PromptBar = memo(function PromptBar({agent, draft, active, width, maxLines = 4, hint}: {agent: string; draft: string; active: boolean; width: number; maxLines?: number; hint?: string}) {
	const lines = draft.split('\n');
	const shown = lines.slice(-maxLines);
	const head = `─ prompt for ${agent} `;
	const tail = hint ? ` ${hint} ─` : '';
	return (
		<Box width={width} flexDirection="column">
			<Box height={1} flexShrink={0}>
				<Text wrap="truncate-end">
					<Txt t={active ? 'text.accent' : 'text.secondary'}>{head}</Txt>
					<Txt t="border.default">{'─'.repeat(Math.max(0, width - head.length - tail.length))}</Txt>
					<Txt t="text.muted">{tail}</Txt>
				</Text>
			</Box>
			{!active && draft === '' ? (
				<Txt t="text.muted" wrap="truncate-end">
					{'› press s to type a prompt'}
				</Txt>
			) : (
				shown.map((line, index) => {
					const last = index === shown.length - 1;
					return (
						<Box key={index} height={1} flexShrink={0}>
							<Text wrap="truncate-start">
								<Txt t="text.accent">{index === 0 && lines.length === shown.length ? '› ' : '  '}</Txt>
								<Txt t="prompt.text">{line}</Txt>
								{last && active ? <Txt t="text.inverse"> </Txt> : null}
							</Text>
						</Box>
					);
				})
			)}
		</Box>
	);
});
