#!/usr/bin/env node
// `npm test` runs mocha through this supervisor. A pool worker stuck in a guest's
// blocking host call cannot be terminated, and Node then never exits, not even on
// process.exit (the same reason bin/wasmcert.js supervises the CLI). A CI job waiting
// on such a process times out long after every test has reported. So: mocha runs in a
// child; the summary reporter sends the failure count over IPC when the run ends; if
// the child is still alive a few seconds later, it is killed and the reported count
// decides the exit code. The reporter also names what kept the child alive.
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';

const GRACE_MS = 15_000;
const mocha = createRequire(import.meta.url).resolve('mocha/bin/mocha.js');

// The node options are given here, not in .mocharc: with them there, mocha re-spawns
// itself without an IPC channel and the failure count could not reach this process.
const nodeOptions = ['--import=tsx', '--disable-warning=ExperimentalWarning'];
const child = spawn(process.execPath, [...nodeOptions, mocha, ...process.argv.slice(2)], {
  stdio: ['inherit', 'inherit', 'inherit', 'ipc'],
});
let failures;
child.on('message', (m) => {
  if (typeof m?.mochaFailures !== 'number') return;
  failures = m.mochaFailures;
  setTimeout(() => {
    process.stderr.write(`run-mocha: mocha had not exited ${GRACE_MS / 1000} s after its run ended; killed it\n`);
    child.kill('SIGKILL');
  }, GRACE_MS).unref();
});
for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => child.kill(sig));
child.on('exit', (code, signal) => {
  if (failures !== undefined) process.exit(failures > 0 ? 1 : 0);
  process.exit(code ?? (signal ? 128 + (signal === 'SIGINT' ? 2 : signal === 'SIGTERM' ? 15 : 9) : 1));
});
