import { InputError } from '../runners/input-error.ts';
import type { RuntimeAdapter } from './base.ts';
import { InProcessAdapter } from './in-process.ts';
import type { AdapterRef } from './types.ts';

type AdapterClass = new (options: Record<string, string>) => RuntimeAdapter;

export const ADAPTERS: Record<string, AdapterClass> = {
  'in-process': InProcessAdapter,
};

export const DEFAULT_RUNTIME = 'in-process';

export function createAdapter(ref: AdapterRef): RuntimeAdapter {
  const cls = ADAPTERS[ref.name];
  if (!cls) throw new InputError('--runtime', `unknown runtime "${ref.name}" (known: ${Object.keys(ADAPTERS).join(', ')})`);
  return new cls(ref.options);
}
