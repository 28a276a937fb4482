import {createContext, useContext, type ReactNode} from 'react';
import type {AgentState} from '../../core/state/types.js';
import type {Theme, ThemeToken} from './tokens.js';

/** Ink `<Text>` style props for one token. */
export type TextStyleProps = {color?: string; backgroundColor?: string; bold?: boolean; dimColor?: boolean; inverse?: boolean; underline?: boolean};

const ThemeContext = createContext<Theme | undefined>(undefined);

export function ThemeProvider({theme, children}: {theme: Theme; children: ReactNode}) {
	return <ThemeContext.Provider value={theme}>{children}</ThemeContext.Provider>;
}

export function useTheme(): Theme {
	const theme = useContext(ThemeContext);
	if (!theme) throw new Error('useTheme outside ThemeProvider');
	return theme;
}

const cache = new WeakMap<Theme, Map<ThemeToken, TextStyleProps>>();

/** The Ink props a token stands for in a theme (memoised per theme). */
export function styleOf(theme: Theme, token: ThemeToken): TextStyleProps {
	let map = cache.get(theme);
	if (!map) {
		map = new Map();
		cache.set(theme, map);
	}
	let props = map.get(token);
	if (!props) {
		const style = theme.tokens[token];
		props = {};
		if (theme.color && style.fg && style.fg !== 'none') props.color = style.fg;
		if (theme.color && style.bg && style.bg !== 'none') props.backgroundColor = style.bg;
		if (style.bold) props.bold = true;
		if (style.dim) props.dimColor = true;
		if (style.inverse) props.inverse = true;
		if (style.underline) props.underline = true;
		map.set(token, props);
	}
	return props;
}

/** The token of an agent state's colour. */
export function stateToken(state: AgentState): ThemeToken {
	return `status.${state}`;
}

/** Border colour for a box (Ink `borderColor`), or undefined for the terminal's default. */
export function borderColorOf(theme: Theme, token: ThemeToken): string | undefined {
	return styleOf(theme, token).color;
}
