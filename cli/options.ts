import os from 'node:os';
import { parseArgs } from 'node:util';
import { InputError } from '../runners/input-error.ts';
import { COMMANDS as OTHER_COMMANDS } from './commands/index.ts';

export const USAGE = `Usage: wasmcert <command> [options]

Commands:
  run        run suites on a runtime and write reports (default)
  list       list the tests a run would execute
  runtimes   list the runtimes found, with versions, sizes and probed capabilities
  help       show this text

Options for run and list:
  --tests DIR          run the suites below DIR (wasmcert or wasi-testsuite layout); repeatable
  --suite NAME         only this suite and those below it (sockets: sockets/standard, sockets/wamr, …);
                       repeatable or comma-separated
  --grep REGEX         only tests whose id (suite/name) matches
  --runtime NAME       runtime to test (default: in-process); repeatable. NAME@VERSION picks an
                       installed version, NAME@* every installed version, NAME:VARIANT a build
                       variant (wamr:minimal), all every runtime found
  --runtime-path FILE  the runtime binary to use (else $WASMTIME, $IWASM, $WASMEDGE, $WAZERO,
                       then .runtimes/, then PATH)
  --expectations FILE  TOML expectation file (wasi-testsuite format); repeatable
  --no-expectations    ignore the runtime's bundled expectation file
  --jobs N             parallel guest runs (default: number of cores)
  --output DIR         where reports go (default: results)
  --durations REPORT   start the tests that took longest in REPORT first (default: the
                       previous report in the output folder, when there is one)
  --profile ID         evaluate a certification profile (profiles/ID.json, or a path): a verdict
                       per runtime with every reason; exit 1 unless every runtime is certified
  --guest-memory-limit BYTES|NKiB|NMiB
                       ceiling each guest's linear memory gets from the runtime (at least 64KiB;
                       default: the profile's, else none); runtimes that cannot enforce one say so
  --certify            locked certification mode: needs --profile; no filters and no expected
                       failures (a test the bundled file skips as harness-crashing is not run and
                       fails); refused if any suite module differs from its modules.sha256
  --version            print the version

Exit codes: 0 every result as expected, 1 unexpected results, 2 bad usage or bad input.`;

export interface CliOptions {
  command: 'run' | 'list' | 'runtimes' | 'help' | 'version';
  tests: string[];
  suites: string[];
  grep: RegExp | null;
  runtimes: string[];
  runtimePath?: string;
  expectations: string[];
  bundledExpectations: boolean;
  jobs: number;
  output: string;
  profile?: string;
  certify: boolean;
  guestMemoryLimitBytes?: number;
  /** A report whose durations order this run (longest first); else the previous report in `output`. */
  durations?: string;
}

const COMMANDS = ['run', 'list', 'runtimes', 'help'] as const;

export function parseCli(argv: string[]): CliOptions {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        tests: { type: 'string', multiple: true },
        suite: { type: 'string', multiple: true },
        grep: { type: 'string' },
        runtime: { type: 'string', multiple: true },
        'runtime-path': { type: 'string' },
        expectations: { type: 'string', multiple: true },
        'no-expectations': { type: 'boolean' },
        jobs: { type: 'string' },
        output: { type: 'string' },
        profile: { type: 'string' },
        certify: { type: 'boolean' },
        'guest-memory-limit': { type: 'string' },
        durations: { type: 'string' },
        version: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (e) {
    throw new InputError('command line', (e as Error).message.split('\n')[0]!);
  }
  const { values, positionals } = parsed;
  const word = positionals[0] ?? 'run';
  if (!(COMMANDS as readonly string[]).includes(word)) {
    throw new InputError('command line', `unknown command "${word}" (known: ${[...COMMANDS, ...Object.keys(OTHER_COMMANDS)].join(', ')})`);
  }
  if (positionals.length > 1) throw new InputError('command line', `unexpected argument "${positionals[1]}"`);
  let grep: RegExp | null = null;
  if (values.grep !== undefined) {
    try {
      grep = new RegExp(values.grep);
    } catch (e) {
      throw new InputError('--grep', `invalid regular expression: ${(e as Error).message}`);
    }
  }
  if (values.certify) {
    // certification runs the whole suite, as published, judged by nothing but the spec
    const banned = (['tests', 'suite', 'grep', 'expectations', 'guest-memory-limit'] as const).filter((o) => values[o] !== undefined);
    if (banned.length) throw new InputError('--certify', `is locked: --${banned[0]} is not allowed in certification mode`);
    if (!values.profile) throw new InputError('--certify', 'needs --profile ID (see profiles/)');
  }
  const jobs = values.jobs === undefined ? os.availableParallelism() : Number(values.jobs);
  if (!Number.isInteger(jobs) || jobs < 1 || jobs > 256) throw new InputError('--jobs', `expected a whole number from 1 to 256, got "${values.jobs}"`);
  return {
    command: values.help ? 'help' : values.version ? 'version' : (word as CliOptions['command']),
    tests: values.tests ?? [],
    suites: (values.suite ?? []).flatMap((s) => s.split(',')).filter(Boolean),
    grep,
    runtimes: values.runtime ?? [],
    ...(values['runtime-path'] ? { runtimePath: values['runtime-path'] } : {}),
    expectations: values.expectations ?? [],
    bundledExpectations: !values['no-expectations'],
    jobs,
    output: values.output ?? 'results',
    ...(values.profile ? { profile: values.profile } : {}),
    certify: values.certify ?? false,
    ...(values['guest-memory-limit'] !== undefined ? { guestMemoryLimitBytes: parseByteSize(values['guest-memory-limit']) } : {}),
    ...(values.durations !== undefined ? { durations: values.durations } : {}),
  };
}

const UNITS: Record<string, number> = { '': 1, KiB: 1024, MiB: 1024 ** 2, GiB: 1024 ** 3 };

/** `--guest-memory-limit`: bytes, or a whole number of KiB, MiB or GiB; one 64 KiB page to 4 GiB. */
export function parseByteSize(text: string): number {
  const m = /^(\d+)(KiB|MiB|GiB)?$/.exec(text);
  const bytes = m ? Number(m[1]) * UNITS[m[2] ?? '']! : NaN;
  if (!(bytes >= 65_536 && bytes <= 4 * 1024 ** 3)) {
    throw new InputError('--guest-memory-limit', `expected BYTES, NKiB or NMiB from 64KiB (one WebAssembly page) to 4GiB, got "${text}"`);
  }
  return bytes;
}

/**
 * The limit every guest runs with: the user's, else the profile's. A profile's limit is
 * what its tier is certified for, so a different one is refused rather than certified.
 */
export function runGuestMemoryLimit(opts: CliOptions, profileLimit: number | undefined): number | undefined {
  if (opts.guestMemoryLimitBytes !== undefined && profileLimit !== undefined && opts.guestMemoryLimitBytes !== profileLimit) {
    throw new InputError('--guest-memory-limit', `${opts.guestMemoryLimitBytes} differs from the profile's ${profileLimit}: a tier is certified with its own limit`);
  }
  return opts.guestMemoryLimitBytes ?? profileLimit;
}
