/**
 * Just enough of WAVE (the WebAssembly Value Encoding that `wasmtime run --invoke` reads
 * and prints) for the in-process host to call a component export the same way: a call
 * expression `name(arg, ...)` of strings, integers, bools, lists, tuples and records in,
 * and the result printed as Wasmtime prints it. Types come from the values alone, which
 * is all the ABI test exports need (u32 and string parameters, string results).
 */

export type WaveValue = string | number | boolean | WaveValue[] | { [field: string]: WaveValue };

export class WaveSyntaxError extends Error {}

/** `echo("hi", 3)` → { name: 'echo', args: ['hi', 3] }. */
export function parseCall(text: string): { name: string; args: WaveValue[] } {
  const head = /^\s*([a-z][a-z0-9-]*)\s*\(/.exec(text);
  if (!head) throw new WaveSyntaxError(`not a call expression: ${text}`);
  const p = new Parser(text, head[0].length);
  const args = p.items(')');
  p.skipSpace();
  if (p.at < text.length) throw new WaveSyntaxError(`unexpected text after the call at ${p.at}: ${text.slice(p.at, p.at + 20)}`);
  return { name: head[1]!, args };
}

class Parser {
  constructor(
    readonly text: string,
    public at: number,
  ) {}

  skipSpace(): void {
    while (/\s/.test(this.text[this.at] ?? '')) this.at++;
  }

  /** Comma-separated values up to `close` (consumed). */
  items(close: string): WaveValue[] {
    const out: WaveValue[] = [];
    this.skipSpace();
    if (this.text[this.at] === close) {
      this.at++;
      return out;
    }
    for (;;) {
      out.push(this.value());
      this.skipSpace();
      const c = this.text[this.at++];
      if (c === close) return out;
      if (c !== ',') throw new WaveSyntaxError(`expected , or ${close} at ${this.at - 1}`);
      this.skipSpace();
      if (this.text[this.at] === close) return (this.at++, out); // a trailing comma
    }
  }

  value(): WaveValue {
    this.skipSpace();
    const c = this.text[this.at];
    if (c === '"') return this.string();
    if (c === '[') return (this.at++, this.items(']'));
    if (c === '(') return (this.at++, this.items(')'));
    if (c === '{') return this.record();
    const word = /^(-?\d+|true|false)/.exec(this.text.slice(this.at));
    if (!word) throw new WaveSyntaxError(`unsupported value at ${this.at}: ${this.text.slice(this.at, this.at + 20)}`);
    this.at += word[0].length;
    return word[0] === 'true' ? true : word[0] === 'false' ? false : Number(word[0]);
  }

  record(): { [field: string]: WaveValue } {
    this.at++; // {
    const out: { [field: string]: WaveValue } = {};
    this.skipSpace();
    while (this.text[this.at] !== '}') {
      const name = /^([a-z][a-z0-9-]*)\s*:/.exec(this.text.slice(this.at));
      if (!name) throw new WaveSyntaxError(`expected a field name at ${this.at}`);
      this.at += name[0].length;
      out[camel(name[1]!)] = this.value();
      this.skipSpace();
      if (this.text[this.at] === ',') this.at++;
      this.skipSpace();
    }
    this.at++;
    return out;
  }

  string(): string {
    let out = '';
    for (this.at++; ; ) {
      const c = this.text[this.at++];
      if (c === undefined) throw new WaveSyntaxError('unterminated string');
      if (c === '"') return out;
      if (c !== '\\') {
        out += c;
        continue;
      }
      const e = this.text[this.at++];
      const simple: Record<string, string> = { '"': '"', "'": "'", '\\': '\\', n: '\n', t: '\t', r: '\r' };
      if (e !== undefined && e in simple) out += simple[e];
      else if (e === 'u') {
        const hex = /^\{([0-9a-fA-F]{1,6})\}/.exec(this.text.slice(this.at));
        if (!hex) throw new WaveSyntaxError(`bad \\u escape at ${this.at}`);
        out += String.fromCodePoint(parseInt(hex[1]!, 16));
        this.at += hex[0].length;
      } else throw new WaveSyntaxError(`unknown escape \\${e} at ${this.at - 1}`);
    }
  }
}

/** WIT names are kebab-case; jco's JS names camelCase. */
export function camel(name: string): string {
  return name.replace(/-([a-z0-9])/g, (_, c: string) => c.toUpperCase());
}
const kebab = (name: string) => name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);

/** A JS value jco returned, as Wasmtime prints the WAVE value. */
export function formatWave(value: unknown): string {
  if (typeof value === 'string') return `"${[...value].map(escapeChar).join('')}"`;
  if (typeof value === 'number' || typeof value === 'bigint' || typeof value === 'boolean') return String(value);
  if (value === undefined || value === null) return '';
  if (ArrayBuffer.isView(value)) return `[${[...(value as unknown as Iterable<number>)].join(', ')}]`;
  if (Array.isArray(value)) return `[${value.map(formatWave).join(', ')}]`;
  if (typeof value === 'object') return `{${Object.entries(value).map(([k, v]) => `${kebab(k)}: ${formatWave(v)}`).join(', ')}}`;
  return String(value);
}

function escapeChar(c: string): string {
  const named: Record<string, string> = { '"': '\\"', '\\': '\\\\', '\n': '\\n', '\t': '\\t', '\r': '\\r' };
  if (c in named) return named[c]!;
  const code = c.codePointAt(0)!;
  return code < 0x20 || code === 0x7f ? `\\u{${code.toString(16)}}` : c;
}
