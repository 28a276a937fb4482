import {Box, Text} from 'ink';
import type {ReactNode} from 'react';
import {Txt} from './Txt.js';

/** A titled block: one rule line with the title, then its content (cut to the height). */
export function Panel({title, width, height, children, hint}: {title: string; width: number; height: number; children: ReactNode; hint?: string}) {
	const head = `─ ${title} `;
	const tail = hint ? ` ${hint} ─` : '';
	return (
		<Box width={width} flexShrink={0} height={height} flexDirection="column">
			<Box height={1} flexShrink={0}>
				<Text wrap="truncate-end">
					<Txt t="text.accent">{head}</Txt>
					<Txt t="border.default">{'─'.repeat(Math.max(0, width - head.length - tail.length))}</Txt>
					<Txt t="text.muted">{tail}</Txt>
				</Text>
			</Box>
			{/* Clipped: a panel never draws over the one below it, whatever its content. */}
			<Box flexDirection="column" flexShrink={0} height={Math.max(0, height - 1)} overflow="hidden">
				{children}
			</Box>
		</Box>
	);
}
