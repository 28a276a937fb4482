import {Box, Text} from 'ink';
import type {ReactNode} from 'react';
import {borderColorOf, useTheme} from '../theme/context.js';
import type {PickerItem} from '../ui-state.js';
import {Txt} from './Txt.js';

/** A bordered box in the middle of the body. */
export function Dialog({title, width, height, children}: {title: string; width: number; height: number; children: ReactNode}) {
	const theme = useTheme();
	const boxWidth = Math.min(width, Math.max(40, Math.min(90, Math.floor(width * 0.7))));
	return (
		<Box width={width} flexShrink={0} height={height} justifyContent="center" alignItems="center">
			<Box width={boxWidth} flexDirection="column" borderStyle="round" borderColor={borderColorOf(theme, 'border.selected')} paddingX={1}>
				<Txt t="header.title">{title}</Txt>
				{children}
			</Box>
		</Box>
	);
}

/** y / Enter confirms, n / Esc cancels. */
export function ConfirmDialog({question, detail, width, height}: {question: string; detail?: string | undefined; width: number; height: number}) {
	return (
		<Dialog title={question} width={width} height={height}>
			{detail ? <Txt t="text.secondary">{detail}</Txt> : null}
			<Text>
				<Txt t="footer.key">y</Txt>
				<Txt t="text.secondary"> yes   </Txt>
				<Txt t="footer.key">n</Txt>
				<Txt t="text.secondary"> no</Txt>
			</Text>
		</Dialog>
	);
}

/** A list to pick from: ↑↓ move, Enter picks, Esc cancels. */
export function Picker({title, items, index, empty, width, height}: {title: string; items: readonly PickerItem[]; index: number; empty: string; width: number; height: number}) {
	const room = Math.max(1, height - 5);
	const start = Math.max(0, Math.min(index - Math.floor(room / 2), items.length - room));
	return (
		<Dialog title={title} width={width} height={height}>
			{items.length === 0 ? <Txt t="text.muted">{empty}</Txt> : null}
			{items.slice(start, start + room).map((item, offset) => {
				const selected = start + offset === index;
				return (
					<Box key={item.value} height={1} flexShrink={0}>
						<Text wrap="truncate-end">
							<Txt t={selected ? 'selection' : 'text.primary'}>{`${selected ? '❯ ' : '  '}${item.label}`}</Txt>
							{item.hint ? <Txt t="text.muted">{`  ${item.hint}`}</Txt> : null}
						</Text>
					</Box>
				);
			})}
			<Txt t="text.muted">{items.length === 0 ? 'Esc closes' : '↑↓ move · ⏎ pick · Esc cancel'}</Txt>
		</Dialog>
	);
}
