/**
 * wasi:io/poll (docs/sockets-backport.md §4, §5): the only place besides the blocking
 * stream calls where a guest waits. The wait happens in the service thread, bounded by
 * the run's deadline; this thread sleeps in Atomics.wait meanwhile (channel.ts).
 */
import { RunDeadlineReached } from '../run-deadline.ts';
import { trap } from './backport-abi.ts';
import { leftMs, type Backport, type Functions } from './backport-context.ts';
import type { Pollable } from './backport-resources.ts';

/** Which of `ps` are ready; with `block`, first waits until at least one is. */
export function readiness(bp: Backport, ps: Pollable[], block: boolean): boolean[] {
  for (;;) {
    const targets = ps.map((p) => p.target());
    const asks = targets.filter((t) => t !== null);
    const waitMs = block && asks.length === targets.length ? leftMs(bp) : 0;
    const answers = asks.length ? (bp.host.call({ op: 'bpPoll', items: asks, waitMs }).json as boolean[]) : [];
    let k = 0;
    const ready = targets.map((t) => t === null || answers[k++] !== false);
    if (!block || ready.some(Boolean)) return ready;
    if (bp.host.pastDeadline()) throw new RunDeadlineReached('a pollable was still not ready at the test\'s timeout');
  }
}

export function poll(bp: Backport): Functions {
  const { abi, table } = bp;
  const pollable = (h: number | bigint) => table.get(h as number, 'pollable');
  return {
    '[method]pollable.ready': (self) => (readiness(bp, [pollable(self)], false)[0] ? 1 : 0),
    '[method]pollable.block': (self) => void readiness(bp, [pollable(self)], true),
    poll: (ptr, n, ret) => {
      const r = (ret as number) >>> 0;
      abi.area(r, 8, 4);
      const count = (n as number) >>> 0;
      if (count === 0) trap('poll of an empty list');
      const at = (ptr as number) >>> 0;
      const v = abi.area(at, count * 4, 4);
      const ps = Array.from({ length: count }, (_, i) => pollable(v.getUint32(at + 4 * i, true)));
      const ready = readiness(bp, ps, true).flatMap((yes, i) => (yes ? [i] : []));
      const list = abi.alloc(4, ready.length * 4);
      const out = abi.view();
      ready.forEach((i, k) => out.setUint32(list + 4 * k, i, true));
      abi.putList(r, [list, ready.length]);
    },
    '[resource-drop]pollable': (h) => table.drop(h as number, 'pollable'),
  };
}
