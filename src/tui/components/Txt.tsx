import {Text, type TextProps} from 'ink';
import type {ReactNode} from 'react';
import {styleOf, useTheme} from '../theme/context.js';
import type {ThemeToken} from '../theme/tokens.js';

/** `<Text>` coloured by a semantic token; the only way components pick colours. */
export function Txt({t, children, wrap, bold}: {t: ThemeToken; children?: ReactNode; wrap?: TextProps['wrap']; bold?: boolean}) {
	const theme = useTheme();
	const style = styleOf(theme, t);
	return (
		<Text {...style} bold={bold ?? style.bold} wrap={wrap}>
			{children}
		</Text>
	);
}
