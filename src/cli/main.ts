// Entry point of `tt`. Hooks called by agent CLIs take a fast path that loads almost nothing;
// everything else loads the full CLI.
if (process.argv[2] === 'hook') {
	const {runHook} = await import('./hook.js');
	process.exitCode = runHook(process.argv.slice(3));
} else {
	const {main} = await import('./app.js');
	await main();
}
