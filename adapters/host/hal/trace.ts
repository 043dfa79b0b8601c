/**
 * The bus trace (docs/hal.md §5): one text line per bus transaction, GPIO drive or delay,
 * in the order they happened, written to `<workDir>/hal-trace.txt` at the end of the run.
 */
import { writeFileSync } from 'node:fs';
import { halTracePath } from '../../hal-modules.ts';

export function hex2(b: number): string {
  return b.toString(16).toUpperCase().padStart(2, '0');
}

export class Trace {
  readonly lines: string[] = [];

  add(line: string): void {
    this.lines.push(line);
  }

  text(): string {
    return this.lines.map((l) => `${l}\n`).join('');
  }

  write(workDir: string): void {
    writeFileSync(halTracePath(workDir), this.text());
  }
}
