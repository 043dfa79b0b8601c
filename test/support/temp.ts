import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** A scratch folder populated from a map of relative path → contents; removed by the returned cleanup. */
export function scratchTree(files: Record<string, string | Buffer>): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'wasmcert-test-'));
  for (const [rel, body] of Object.entries(files)) {
    const file = path.join(dir, rel);
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, body);
  }
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** The smallest valid P1 command: exports memory and an empty _start. */
export const EMPTY_COMMAND = Buffer.from('0061736d01000000010401600000030201000503010001071302066d656d6f72790200065f737461727400000a040102000b', 'hex');
