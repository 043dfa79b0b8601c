/** node:wasi prints an ExperimentalWarning on every use; keep every other warning. */
export function quietExperimentalWarnings() {
  const original = process.listeners('warning');
  process.removeAllListeners('warning');
  process.on('warning', (w) => {
    if (w.name === 'ExperimentalWarning' && /WASI/.test(w.message)) return;
    for (const l of original) l(w);
  });
}
