import {Text} from 'ink';
import stripAnsi from 'strip-ansi';
import {render} from 'ink-testing-library';
import {afterEach, describe, expect, it} from 'vitest';
import {ScreenModel} from '../../../src/core/screen/screen-model.js';
import {useFocusScreen} from '../../../src/tui/screens/focus/use-focus-screen.js';
import type {WatchStore} from '../../../src/tui/store.js';
import {waitFor} from '../../helpers/tt.js';

// The focus view reads the agent's screen model itself (no second terminal): the live bottom,
// scrolled-back rows from its scrollback, and how far back there is to go.
const models: ScreenModel[] = [];
afterEach(() => {
	for (const model of models.splice(0)) model.dispose();
});

async function modelWith(lines: number): Promise<ScreenModel> {
	const model = new ScreenModel(20, 5, {scrollback: 100});
	models.push(model);
	await model.write(Array.from({length: lines}, (_, index) => `line ${index + 1}`).join('\r\n'));
	return model;
}

function Probe({store, scroll}: {store: WatchStore; scroll: number}) {
	const screen = useFocusScreen(store, 'ws/agent', {width: 20, height: 5}, scroll, false);
	return <Text>{`max=${screen.maxScroll}|${screen.lines.join('|')}`}</Text>;
}

const storeOf = (model: ScreenModel) => ({screen: () => model, subscribeScreen: () => () => undefined}) as unknown as WatchStore;

describe('useFocusScreen', () => {
	it('shows the live bottom and knows exactly how much scrollback there is', async () => {
		const view = render(<Probe store={storeOf(await modelWith(30))} scroll={0} />);
		await waitFor(() => view.lastFrame()?.includes('line 30') || undefined, {what: 'the live bottom'});
		expect(stripAnsi(view.lastFrame() ?? '')).toBe('max=25|line 26|line 27|line 28|line 29|line 30 ');
		// The cursor sits after the last line, drawn inverted.
		expect(view.lastFrame()).toMatch(/line 30\u001B\[[\d;]*7m \u001B\[[\d;]*m$/);
		view.unmount();
	});

	it('scrolled back, reads older rows from the scrollback', async () => {
		const view = render(<Probe store={storeOf(await modelWith(30))} scroll={10} />);
		await waitFor(() => view.lastFrame()?.includes('line 16') || undefined, {what: 'rows from the scrollback'});
		// Scrolled back: no cursor drawn.
		expect(view.lastFrame()).toBe('max=25|line 16|line 17|line 18|line 19|line 20');
		view.unmount();
	});

	it('a screen with no scrollback cannot be scrolled', async () => {
		const view = render(<Probe store={storeOf(await modelWith(3))} scroll={0} />);
		await waitFor(() => view.lastFrame()?.includes('line 3') || undefined, {what: 'the short screen'});
		expect(stripAnsi(view.lastFrame() ?? '')).toBe('max=0|line 1|line 2|line 3 ');
		view.unmount();
	});
});
