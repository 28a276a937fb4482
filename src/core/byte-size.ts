const unitBytes: Readonly<Record<string, number>> = {k: 1024, m: 1024 ** 2, g: 1024 ** 3, t: 1024 ** 4};

/**
 * `512M`, `4G`, `1.5G`, `2GiB`, `800MB` → bytes (powers of 1024, as systemd's MemoryMax and `free`
 * count); undefined for anything else. A unit is required: a bare `4` could be bytes or gigabytes.
 */
export function parseByteSize(text: string): number | undefined {
	const match = /^(\d+(?:\.\d+)?)\s*([kmgt])(?:i?b)?$/i.exec(text.trim());
	if (!match) return undefined;
	const bytes = Math.round(Number(match[1]) * (unitBytes[(match[2] ?? '').toLowerCase()] ?? 0));
	return bytes > 0 ? bytes : undefined;
}
