import {render} from 'ink-testing-library';
import {describe, expect, it} from 'vitest';
import {HelpOverlay} from '../../../src/tui/components/HelpOverlay.js';
import {ThemeProvider} from '../../../src/tui/theme/context.js';
import {testTheme} from './helpers.js';

describe('HelpOverlay', () => {
	it('lists every command with its keys', () => {
		const {lastFrame} = render(
			<ThemeProvider theme={testTheme()}>
				<HelpOverlay width={100} height={80} />
			</ThemeProvider>,
		);
		const frame = lastFrame() ?? '';
		console.log(frame);
		expect(frame).toContain('select the agent below');
	});
});
