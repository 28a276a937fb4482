import {describe, expect, it} from 'vitest';
import {parseGlobalConfig} from '../../../../src/core/config/global.js';
import {parseWorkspaceConfig} from '../../../../src/core/config/load.js';
import {agentHost, workspaceHosts} from '../../../../src/core/hosts/resolve.js';
import {TuttiError} from '../../../../src/core/errors.js';

const global = parseGlobalConfig(
	`[[host]]
name = "gpu-box"
ssh = "ssh://dev@10.0.0.5:2222"
ssh_options = ["-i", "/keys/agents"]

[[host]]
name = "builder"
ssh = "ci@builder.lan"
tutti = "/opt/tutti/dist/tt.js"
`,
	'config.toml',
).config;

const workspace = (body: string) => parseWorkspaceConfig(`[workspace]\nname = "w"\n\n${body}`).config;

describe('[[host]] in the global config', () => {
	it('reads destinations, options and defaults', () => {
		expect(global.host).toEqual([
			{name: 'gpu-box', ssh: 'ssh://dev@10.0.0.5:2222', ssh_options: ['-i', '/keys/agents'], root: '.tutti-remote'},
			{name: 'builder', ssh: 'ci@builder.lan', ssh_options: [], tutti: '/opt/tutti/dist/tt.js', root: '.tutti-remote'},
		]);
	});

	for (const ssh of ['-oProxyCommand=touch /tmp/x', 'user@host; rm -rf /', 'a b', '']) {
		it(`refuses the destination ${JSON.stringify(ssh)}`, () => {
			expect(() => parseGlobalConfig(`[[host]]\nname = "x"\nssh = ${JSON.stringify(ssh)}\n`, 'config.toml')).toThrow(/ssh destination/);
		});
	}
});

describe('host = on agents and [defaults]', () => {
	it('takes the agent’s own host, else the default, else this machine', () => {
		const config = workspace(`[defaults]\nhost = "builder"\n\n[[agent]]\nname = "a"\nruntime = "demo"\nhost = "gpu-box"\n\n[[agent]]\nname = "b"\nruntime = "demo"\n`);
		expect(agentHost(config, global, config.agent[0]!)?.name).toBe('gpu-box');
		expect(agentHost(config, global, config.agent[1]!)?.name).toBe('builder');
		expect([...workspaceHosts(config, global).keys()]).toEqual(['gpu-box', 'builder']);
		const local = workspace(`[[agent]]\nname = "c"\nruntime = "demo"\n`);
		expect(agentHost(local, global, local.agent[0]!)).toBeUndefined();
	});

	it('names the close host when the name is unknown, and says how to declare one', () => {
		const config = workspace(`[[agent]]\nname = "a"\nruntime = "demo"\nhost = "gpu-bx"\n`);
		let error: unknown;
		try {
			agentHost(config, global, config.agent[0]!);
		} catch (caught) {
			error = caught;
		}
		expect(error).toBeInstanceOf(TuttiError);
		expect((error as TuttiError).message).toBe('agent "a" host: "gpu-bx" is not a [[host]] of the global config');
		expect((error as TuttiError).hint).toMatch(/^Did you mean "gpu-box"\? Declared hosts: gpu-box, builder\. Add a \[\[host\]\]/);
	});
});

describe('[[host]] names', () => {
	it('refuses two hosts with one name', () => {
		expect(() => parseGlobalConfig(`[[host]]\nname = "a"\nssh = "x@one"\n\n[[host]]\nname = "a"\nssh = "x@two"\n`, 'config.toml')).toThrow(/another \[\[host\]\] is already named "a"/);
	});
});
