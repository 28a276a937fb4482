import path from 'node:path';
import {loadTheme} from '../../../src/tui/theme/load.js';
import type {Theme} from '../../../src/tui/theme/tokens.js';
import {repoRoot} from '../../helpers/tt.js';

export function testTheme(name = 'dark'): Theme {
	return loadTheme(name, {builtin: path.join(repoRoot, 'themes')});
}
