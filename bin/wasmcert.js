#!/usr/bin/env node
// Entry point. The CLI runs in a child process: a worker thread stuck in a guest's
// blocking host call cannot be terminated, and Node's exit waits for it forever (even
// process.exit). The child reports its exit code over IPC once its reports are written;
// if it has not exited a few seconds later, it is killed and its reported code stands.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const GRACE_MS = 3_000;

if (process.env.WASMCERT_CLI_CHILD) {
  const { register } = await import('tsx/esm/api');
  const { quietExperimentalWarnings } = await import('../runners/quiet-warnings.mjs');
  quietExperimentalWarnings();
  register();
  const { main } = await import('../cli/main.ts');
  let code;
  try {
    code = await main(process.argv.slice(2));
  } catch (e) {
    process.stderr.write(`wasmcert: internal error: ${e?.stack ?? e}\n`);
    code = 3;
  }
  process.send?.({ exitCode: code });
  process.exit(code);
} else {
  const child = spawn(process.execPath, [...process.execArgv, fileURLToPath(import.meta.url), ...process.argv.slice(2)], {
    stdio: ['inherit', 'inherit', 'inherit', 'ipc'],
    env: { ...process.env, WASMCERT_CLI_CHILD: '1' },
  });
  let reported;
  child.on('message', (m) => {
    reported = m?.exitCode;
    setTimeout(() => child.kill('SIGKILL'), GRACE_MS).unref();
  });
  for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => child.kill(sig));
  child.on('exit', (code, signal) => {
    process.exit(reported ?? code ?? (signal ? 128 + (signal === 'SIGKILL' ? 9 : 15) : 3));
  });
}
