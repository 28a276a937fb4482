import * as z from 'zod';

/**
 * Semantic colour tokens: components ask for these names, never for raw colours. A theme file in
 * `themes/` maps every token to a style; the schema below requires all of them.
 */
export const themeTokens = [
	'text.primary',
	'text.secondary',
	'text.muted',
	'text.accent',
	'text.inverse',
	'status.starting',
	'status.working',
	'status.idle',
	'status.needs_input',
	'status.auth_failed',
	'status.rate_limited',
	'status.provider_down',
	'status.stalled',
	'status.stopped',
	'status.unreachable',
	'status.unknown',
	'attention',
	'border.default',
	'border.selected',
	'border.attention',
	'header.title',
	'footer.key',
	'ctx.ok',
	'ctx.warn',
	'ctx.critical',
	'diff.added',
	'diff.removed',
	'diff.hunk',
	'diff.meta',
	'run.done',
	'run.active',
	'run.failed',
	'run.pending',
	'toast.info',
	'toast.error',
	'prompt.text',
	'selection',
] as const;
export type ThemeToken = (typeof themeTokens)[number];

/** ANSI colour names (they follow the user's terminal palette). */
export const ansiColorNames = [
	'black',
	'red',
	'green',
	'yellow',
	'blue',
	'magenta',
	'cyan',
	'white',
	'gray',
	'grey',
	'blackBright',
	'redBright',
	'greenBright',
	'yellowBright',
	'blueBright',
	'magentaBright',
	'cyanBright',
	'whiteBright',
] as const;

const hexColor = /^#[\da-f]{6}$/i;

/** A colour: an ANSI name, `#rrggbb`, or `none` (the terminal's default). */
const colorSchema = z.string().refine((value) => value === 'none' || hexColor.test(value) || (ansiColorNames as readonly string[]).includes(value), {
	message: `expected an ANSI colour name (${ansiColorNames.slice(0, 8).join(', ')}, …Bright, gray), #rrggbb, or "none"`,
});

/** One token's style. A bare string is shorthand for `{fg: <string>}`. */
const styleSchema = z.preprocess(
	(value) => (typeof value === 'string' ? {fg: value} : value),
	z
		.object({
			fg: colorSchema.optional(),
			bg: colorSchema.optional(),
			bold: z.boolean().optional(),
			dim: z.boolean().optional(),
			inverse: z.boolean().optional(),
			underline: z.boolean().optional(),
		})
		.strict(),
);

export type TokenStyle = {fg?: string | undefined; bg?: string | undefined; bold?: boolean | undefined; dim?: boolean | undefined; inverse?: boolean | undefined; underline?: boolean | undefined};

const tokensShape = Object.fromEntries(themeTokens.map((token) => [token, styleSchema])) as Record<ThemeToken, typeof styleSchema>;

/** A theme file (`themes/<name>.json`). */
export const ThemeFileSchema = z
	.object({
		$schema: z.string().optional(),
		name: z.string().regex(/^[a-z][\w-]*$/),
		description: z.string().optional(),
		/** Whether colours are used at all; `false` also strips colours from agent screens. @default true */
		color: z.boolean().default(true),
		tokens: z.object(tokensShape).strict(),
	})
	.strict();

/** A loaded, validated theme. */
export type Theme = {
	name: string;
	description: string;
	color: boolean;
	tokens: Readonly<Record<ThemeToken, TokenStyle>>;
};
