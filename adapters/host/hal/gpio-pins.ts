/**
 * The board's digital pins (docs/hal.md §3.3). A pin's electrical level is, in order: what
 * it drives itself (an opened output), what the pin wired to it drives, what the input
 * timeline last set, its pull resistor (up 1, down 0), else 0 (a floating pin reads low).
 * The logical state is the level inverted for an active-low pin. Watches (pollables) see
 * every change of level as it happens in board time.
 */
import type { PinSpec, TimelineEvent } from './board.ts';
import type { BoardClock } from './clock.ts';
import type { Trace } from './trace.ts';

/** wasi:gpio gpio-error cases used by the board (hal.md §3.2). */
export const GPIO_ERR = { alreadyInUse: 1, pinNotAllowed: 2, pinModeNotAllowed: 3, undefinedPinLabel: 4 } as const;

export type WatchKind = 'active' | 'inactive' | 'rising' | 'falling';

export class Watch {
  fired = false;
  constructor(
    readonly pin: string,
    readonly kind: WatchKind,
    public last: boolean,
  ) {
    if ((kind === 'active' && last) || (kind === 'inactive' && !last)) this.fired = true;
  }

  /** The pin's logical state is now `active`. */
  see(active: boolean): void {
    const was = this.last;
    this.last = active;
    if (this.kind === 'active' && active) this.fired = true;
    if (this.kind === 'inactive' && !active) this.fired = true;
    if (this.kind === 'rising' && !was && active) this.fired = true;
    if (this.kind === 'falling' && was && !active) this.fired = true;
  }
}

export class Gpio {
  private readonly pins = new Map<string, PinSpec>();
  private readonly peer = new Map<string, string>();
  private readonly opened = new Map<string, 'in' | 'out'>();
  private readonly driven = new Map<string, 0 | 1>();
  private readonly external = new Map<string, 0 | 1>();
  private readonly timeline: TimelineEvent[];
  private readonly watches = new Set<Watch>();

  constructor(
    spec: { pins?: PinSpec[]; wires?: [string, string][]; timeline?: TimelineEvent[] } | undefined,
    private readonly clock: BoardClock,
    private readonly trace: Trace,
  ) {
    for (const p of spec?.pins ?? []) this.pins.set(p.label, p);
    for (const [a, b] of spec?.wires ?? []) {
      this.peer.set(a, b);
      this.peer.set(b, a);
    }
    this.timeline = [...(spec?.timeline ?? [])].sort((a, b) => a.at_ns - b.at_ns);
    for (const e of this.timeline.filter((e) => e.at_ns === 0)) this.external.set(e.pin, e.level);
    clock.onAdvance = (from, to) => {
      for (const e of this.timeline) if (BigInt(e.at_ns) > from && BigInt(e.at_ns) <= to) this.apply(e);
    };
  }

  spec(label: string): PinSpec | undefined {
    return this.pins.get(label);
  }

  /** Opens a pin in a mode: 0, or the gpio-error case that refuses it. */
  open(label: string, mode: 'in' | 'out'): number {
    const p = this.pins.get(label);
    if (!p) return GPIO_ERR.undefinedPinLabel;
    if (p.allowed === false) return GPIO_ERR.pinNotAllowed;
    if (!p.modes.includes(mode)) return GPIO_ERR.pinModeNotAllowed;
    if (this.opened.has(label)) return GPIO_ERR.alreadyInUse;
    this.opened.set(label, mode);
    if (mode === 'out') this.drive(label, false);
    return 0;
  }

  close(label: string): void {
    this.opened.delete(label);
    if (this.driven.delete(label)) this.changed();
  }

  level(label: string): 0 | 1 {
    const own = this.driven.get(label);
    if (own !== undefined) return own;
    const other = this.peer.get(label);
    const theirs = other === undefined ? undefined : this.driven.get(other);
    if (theirs !== undefined) return theirs;
    const ext = this.external.get(label);
    if (ext !== undefined) return ext;
    return this.pins.get(label)?.pull === 'up' ? 1 : 0;
  }

  active(label: string): boolean {
    const low = this.pins.get(label)?.active_level === 'active-low';
    return (this.level(label) === 1) !== low;
  }

  /** An output drives a logical state; the trace shows the electrical level. */
  drive(label: string, active: boolean): void {
    const low = this.pins.get(label)?.active_level === 'active-low';
    const level = active !== low ? 1 : 0;
    this.driven.set(label, level);
    this.trace.add(`gpio: ${label}=${level} @${this.clock.now()}ns`);
    this.changed();
  }

  watch(label: string, kind: WatchKind): Watch {
    const w = new Watch(label, kind, this.active(label));
    this.watches.add(w);
    return w;
  }

  unwatch(w: Watch): void {
    this.watches.delete(w);
  }

  /** Board time of the next timeline event after now, or null when there is none. */
  nextEvent(): bigint | null {
    const now = this.clock.now();
    const e = this.timeline.find((e) => BigInt(e.at_ns) > now);
    return e ? BigInt(e.at_ns) : null;
  }

  private apply(e: TimelineEvent): void {
    this.external.set(e.pin, e.level);
    this.trace.add(`gpio: ${e.pin}=${e.level} @${e.at_ns}ns`);
    this.changed();
  }

  private changed(): void {
    for (const w of this.watches) w.see(this.active(w.pin));
  }
}
