import {readFileSync, writeFileSync} from 'node:fs';
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import {describe, expect, it} from 'vitest';
import {builtinTemplateTexts} from '../../../src/core/init/index.js';

const templatesDir = path.join(path.dirname(fileURLToPath(import.meta.url)), '../../../templates');

describe('templates/*.toml', () => {
	// The embedded strings are the source of truth; the files are copies for people to read.
	it.each(Object.entries(builtinTemplateTexts))('templates/%s.toml equals the embedded template', (name, text) => {
		const file = path.join(templatesDir, `${name}.toml`);
		if (process.env['TUTTI_UPDATE_TEMPLATES'] === '1') writeFileSync(file, text);
		expect(readFileSync(file, 'utf8'), `${file} drifted; run TUTTI_UPDATE_TEMPLATES=1 npx vitest run test/unit/init`).toBe(text);
	});
});
