import { parseArgs, type ParseArgsConfig } from 'node:util';
import { InputError } from '../../runners/input-error.ts';

const HELP = { help: { type: 'boolean', short: 'h' } } as const;

type Options = NonNullable<ParseArgsConfig['options']>;

interface Positionals {
  /** How many positional arguments the command takes. */
  count: number;
  /** The one-line error when fewer are given. */
  missing?: string;
  /** Appended to the error for an argument too many. */
  hint?: string;
}

/**
 * The argument handling every command shares: node:util's strict parser, `-h/--help`
 * (prints the usage; the caller then returns 0), an exact number of positionals, and a
 * one-line InputError (exit 2) for anything else.
 */
export function parseCommandArgs<const T extends Options>(argv: string[], options: T, usage: string, want: Positionals) {
  const config = { args: argv, options: { ...options, ...HELP } as T & typeof HELP, allowPositionals: true as const, strict: true as const };
  let parsed: ReturnType<typeof parseArgs<typeof config>>;
  try {
    parsed = parseArgs(config);
  } catch (e) {
    throw new InputError('command line', (e as Error).message.split('\n')[0]!);
  }
  if ((parsed.values as { help?: boolean }).help) {
    process.stdout.write(`${usage}\n`);
    return undefined;
  }
  const { positionals } = parsed;
  if (positionals.length < want.count) throw new InputError('command line', want.missing ?? `needs ${want.count} argument(s)`);
  if (positionals.length > want.count) throw new InputError('command line', `unexpected argument "${positionals[want.count]}"${want.hint ? ` ${want.hint}` : ''}`);
  return parsed;
}
