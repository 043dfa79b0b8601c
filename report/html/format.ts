/** Escapes text for HTML and SVG: element content and quoted attribute values alike. */
export function esc(value: unknown): string {
  return String(value ?? '')
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;')
    .replaceAll("'", '&#39;');
}

function trimNumber(n: number): string {
  return n >= 100 ? n.toFixed(0) : n >= 10 ? n.toFixed(1).replace(/\.0$/, '') : n.toFixed(2).replace(/\.?0+$/, '');
}

/** Bytes in binary units, as the tier profiles count them (340 KiB = 348160 bytes). */
export function formatBytes(bytes: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let v = bytes;
  let u = 0;
  while (v >= 1024 && u < units.length - 1) {
    v /= 1024;
    u++;
  }
  return `${u === 0 ? v.toFixed(0) : trimNumber(v)} ${units[u]}`;
}

export function formatMs(ms: number): string {
  if (ms === 0) return '0 ms';
  if (ms >= 1000) return `${trimNumber(ms / 1000)} s`;
  return `${ms >= 10 ? ms.toFixed(0) : ms.toFixed(1)} ms`;
}

/** At most `maxLines` lines and `maxChars` characters, with a note of what was left out. */
export function excerpt(text: string, maxLines = 40, maxChars = 3000): string {
  let out = text.length > maxChars ? text.slice(0, maxChars) : text;
  const lines = out.split('\n');
  if (lines.length > maxLines) out = lines.slice(0, maxLines).join('\n');
  if (out.length < text.length) {
    const rest = text.slice(out.length);
    const restLines = rest.split('\n').length - (rest.startsWith('\n') ? 1 : 0);
    out += `\n… (${rest.length} more characters${restLines > 1 ? `, ${restLines} lines` : ''} not shown)`;
  }
  return out;
}
