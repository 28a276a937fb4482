/**
 * The Node versions tutti supports — the same range `engines` in package.json declares (a unit
 * test keeps the two in step). Node 21 and 23 are odd, short-lived releases without an LTS line.
 */
export const supportedNodeRange = '>=20.11 <21 || >=22';

export type NodeSupport = {ok: true} | {ok: false; reason: string};

export function nodeSupport(version = process.versions.node): NodeSupport {
	const [major = 0, minor = 0] = version.replace(/^v/, '').split('.').map(Number);
	if (major < 20 || (major === 20 && minor < 11)) return {ok: false, reason: `Node ${version} is too old (tutti needs 20.11 or newer)`};
	if (major === 21) return {ok: false, reason: `Node ${version} is not supported (use Node 20.11+, 22, 24 or newer)`};
	return {ok: true};
}
