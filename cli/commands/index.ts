/**
 * Commands other than run/list/runtimes (which share the test-selection options) each
 * live in their own module and parse their own arguments. Each returns the exit code
 * and throws InputError for bad input (one line, exit 2).
 */
export interface Command {
  summary: string;
  usage: string;
  run(argv: string[]): Promise<number>;
}

type Loader = () => Promise<Command>;

/** Loaded on demand, so `wasmcert run` pays nothing for commands it does not use. */
export const COMMANDS: Record<string, Loader> = {
  compare: async () => (await import('./compare.ts')).default,
  tap: async () => (await import('./tap.ts')).default,
  badge: async () => (await import('./badge.ts')).default,
  html: async () => (await import('./html.ts')).default,
  keygen: async () => (await import('./keygen.ts')).default,
  sign: async () => (await import('./sign.ts')).default,
  verify: async () => (await import('./verify.ts')).default,
};
