import {Box, Text} from 'ink';
import {memo} from 'react';
import {Txt} from './Txt.js';

/** `p`: the bottom of an agent's screen as plain text; any key closes it. */
export const PeekOverlay = memo(function PeekOverlay({name, lines, width, height}: {name: string; lines: readonly string[]; width: number; height: number}) {
	let end = lines.length;
	while (end > 0 && (lines[end - 1] ?? '').trim() === '') end--;
	const shown = lines.slice(Math.max(0, end - (height - 1)), end);
	const head = `─ peek: ${name} · any key closes `;
	return (
		<Box width={width} flexShrink={0} height={height} flexDirection="column">
			<Txt t="text.accent" wrap="truncate-end">{`${head}${'─'.repeat(Math.max(0, width - head.length))}`}</Txt>
			{shown.length === 0 ? <Txt t="text.muted">(nothing on screen, or the agent is not running)</Txt> : null}
			{shown.map((line, index) => (
				<Box key={index} height={1} flexShrink={0}>
					<Text wrap="truncate-end">{line || ' '}</Text>
				</Box>
			))}
		</Box>
	);
});
