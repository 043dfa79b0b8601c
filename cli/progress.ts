import type { TestResult } from '../report/types.ts';

export interface Progress {
  onResult(r: TestResult): void;
  done(): void;
}

const LABEL: Record<TestResult['status'], string> = { pass: 'PASS ', fail: 'FAIL ', error: 'ERROR', skip: 'SKIP ', xfail: 'XFAIL', xpass: 'XPASS' };

function line(r: TestResult, many: boolean): string {
  const reason = r.status === 'pass' ? '' : ` - ${r.message ?? ''}`;
  return `${LABEL[r.status]} ${r.id}${many ? ` [${r.runtime}]` : ''} (${Math.round(r.durationMs)} ms)${reason}`;
}

/**
 * On a terminal: one status line rewritten in place, with anything unexpected printed
 * above it. Elsewhere (CI logs): one plain line per result, in completion order.
 */
export function createProgress(total: number, runtimes: number, stream: NodeJS.WriteStream = process.stderr): Progress {
  const counts = { pass: 0, fail: 0, error: 0, skip: 0, xfail: 0, xpass: 0 };
  let seen = 0;
  const many = runtimes > 1;
  if (!stream.isTTY) {
    return {
      onResult(r) {
        stream.write(`${line(r, many)}\n`);
      },
      done() {},
    };
  }
  const status = () =>
    `[${seen}/${total}] ${counts.pass} pass, ${counts.fail} fail, ${counts.error} error, ${counts.skip} skip, ${counts.xfail} xfail, ${counts.xpass} xpass`;
  return {
    onResult(r) {
      seen++;
      counts[r.status]++;
      stream.write('\r\x1b[K');
      if (r.status === 'fail' || r.status === 'error' || r.status === 'xpass') stream.write(`${line(r, many)}\n`);
      stream.write(status());
    },
    done() {
      stream.write('\r\x1b[K');
    },
  };
}
