// The socket service thread starts here, in plain JS: the pool worker runs from an esbuild
// bundle (runners/worker-bundle.mjs) with no TypeScript loader, so this thread loads
// service.ts through tsx, unless the thread already has a TypeScript loader (tests run
// under `node --import=tsx`, which worker threads inherit).
try {
  await import('./service.ts');
} catch (e) {
  if (e?.code !== 'ERR_UNKNOWN_FILE_EXTENSION') throw e;
  const { register } = await import('tsx/esm/api');
  register();
  // a failed import is cached by URL: ask again under another one
  await import('./service.ts?tsx');
}
