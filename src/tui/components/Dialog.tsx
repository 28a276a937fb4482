import {Box, Text} from 'ink';
import type {ReactNode} from 'react';
import {borderColorOf, useTheme} from '../theme/context.js';
import type {PickerItem} from '../ui-state.js';
import {Txt} from './Txt.js';

/** Width of a dialog box on a screen `width` columns wide. */
export function dialogWidth(width: number): number {
	return Math.min(width, Math.max(40, Math.min(90, Math.floor(width * 0.7))));
}

/**
 * Blank cells under a dialog. Ink draws a box's border and text but not the cells between them,
 * so without this the cards below would show through the dialog's empty space.
 */
function Blank({width, height}: {width: number; height: number}) {
	return (
		<Box position="absolute" width="100%" height="100%" overflow="hidden" flexDirection="column">
			<Text>{Array.from({length: height}, () => ' '.repeat(width)).join('\n')}</Text>
		</Box>
	);
}

/** A bordered box that hides what is under it, at most `height` rows; the modal layer places it over the screen. */
export function Dialog({title, width, height, children}: {title: string; width: number; height: number; children: ReactNode}) {
	const theme = useTheme();
	const boxWidth = dialogWidth(width);
	return (
		<Box width={boxWidth} flexShrink={0} flexDirection="column">
			<Blank width={boxWidth} height={height} />
			<Box width={boxWidth} flexDirection="column" borderStyle="round" borderColor={borderColorOf(theme, 'border.selected')} paddingX={1}>
				<Txt t="header.title">{title}</Txt>
				{children}
			</Box>
		</Box>
	);
}

/** Draws `children` (a screen) and, when there is one, `modal` centred over it: the screen stays visible around the dialog. */
export function ModalLayer({width, height, modal, children}: {width: number; height: number; modal: ReactNode; children: ReactNode}) {
	return (
		<Box width={width} height={height} flexShrink={0} flexDirection="column">
			{children}
			{modal ? (
				<Box position="absolute" width={width} height={height} justifyContent="center" alignItems="center">
					{modal}
				</Box>
			) : null}
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
