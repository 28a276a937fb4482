import {Box, Text} from 'ink';
import {memo} from 'react';
import {commands, footerLabels, type CommandId} from '../keys/commands.js';
import {keyLabel} from '../keys/match.js';
import type {Toast} from '../ui-state.js';
import {Txt} from './Txt.js';

/** The main keys of the screen, from the command table; a toast replaces them for a moment. */
export const Footer = memo(function Footer({ids, width, toast}: {ids: readonly CommandId[]; width: number; toast: Toast | undefined}) {
	if (toast) {
		return (
			<Box width={width} height={1} flexShrink={0}>
				<Txt t={toast.level === 'error' ? 'toast.error' : 'toast.info'} wrap="truncate-end">
					{toast.text}
				</Txt>
			</Box>
		);
	}
	return (
		<Box width={width} height={1} flexShrink={0}>
			<Text wrap="truncate-end">
				{ids.map((id, index) => (
					<Text key={id}>
						{index === 0 ? '' : '  '}
						<Txt t="footer.key">{id === 'nav.down' ? '↑↓←→' : keyLabel(commands[id].keys[0] ?? '')}</Txt>
						<Txt t="text.secondary">{` ${footerLabels[id] ?? commands[id].description}`}</Txt>
					</Text>
				))}
			</Text>
		</Box>
	);
});
