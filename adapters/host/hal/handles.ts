/**
 * The HAL's one handle table, shared by every HAL interface of an instance (docs/hal.md
 * §2). 0 is never a handle; a handle never given out, already dropped, or of another
 * resource type than the parameter's traps, as the Canonical ABI makes it.
 */
export function trap(why: string): never {
  throw new WebAssembly.RuntimeError(`hal: ${why}`);
}

export class Handles {
  private readonly slots: ({ kind: string; value: unknown } | undefined)[] = [undefined];
  private readonly free: number[] = [];

  add(kind: string, value: unknown): number {
    const h = this.free.pop() ?? this.slots.length;
    this.slots[h] = { kind, value };
    return h;
  }

  get<T>(h: number, kind: string): T {
    const e = h > 0 ? this.slots[h] : undefined;
    if (!e) return trap(`unknown handle ${h} (expected a ${kind})`);
    if (e.kind !== kind) return trap(`handle ${h} is a ${e.kind}, not a ${kind}`);
    return e.value as T;
  }

  drop<T>(h: number, kind: string): T {
    const v = this.get<T>(h, kind);
    this.slots[h] = undefined;
    this.free.push(h);
    return v;
  }
}
