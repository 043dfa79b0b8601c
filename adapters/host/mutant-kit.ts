/** The shape of the self-test's deliberately broken hosts (mutants.ts, socket-mutants.ts, hal-mutants.ts). */
import type { GuestRun } from '../types.ts';

export type Fn = (...args: number[]) => number;
export type P1 = Record<string, Fn>;
/** Every import module of the run by name (P1, the socket layer's, the HAL's). */
export type ImportModules = Record<string, Record<string, Fn>>;

/** What a mutant may ask of the host it breaks. */
export interface MutantContext {
  /** Whether `fd` is one of the socket layer's sockets (false when the run has none). */
  isSocket(fd: number): boolean;
  /** Allocates in the guest through its `cabi_realloc(0, 0, align, size)`. */
  realloc(align: number, size: number): number;
}

export const MUTANT_SUITES = ['p1', 'sockets', 'hal', 'component-model/count'] as const;
export type MutantSuite = (typeof MUTANT_SUITES)[number];

export interface Mutant {
  breaks: string;
  /** The suite that must catch it: the self-test runs each mutant on its own suite only. */
  suite: MutantSuite;
  wrap?(p1: P1, mem: () => DataView, ctx: MutantContext): void;
  /** Wraps imports of other modules than P1 (those the run has; a module it lacks is absent). */
  wrapImports?(imports: ImportModules, mem: () => DataView, ctx: MutantContext): void;
  /**
   * A broken component host: the in-process host's counting instrument, broken this way
   * (adapters/component/jco/instruments.ts). Such a mutant leaves core modules alone, and
   * a P1 mutant leaves components alone.
   */
  componentInstrument?: 'count+extra-realloc' | 'count+copy-twice';
  /** Changes the run before the host is built (a host that ignores part of its configuration). */
  adjustRun?(run: GuestRun): GuestRun;
}

/** Replaces one import with `make(original)`. */
export function around(p1: P1, name: string, make: (real: Fn) => Fn): void {
  const real = p1[name]!;
  p1[name] = make(real);
}
