/**
 * Named instruments for component runs (thread-main.ts): each gives a CoreInstrument
 * hook for one run and, after it, what it measured.
 */
import type { CoreInstrument } from './run-component.ts';

export type InstrumentName = never;

export interface Measuring {
  hook: CoreInstrument;
  measured(): unknown;
}

export function instrumentFor(name: InstrumentName | undefined): Measuring | undefined {
  if (name === undefined) return undefined;
  throw new Error(`unknown component instrument ${String(name)}`);
}
