import { createHash } from 'node:crypto';

/**
 * DSSE v1 pre-authentication encoding and the base64 rules of secure-systems-lab/dsse
 * (`protocol.md`, `envelope.md` v1.0.2).
 */

/**
 * PAE(type, body) = "DSSEv1" SP LEN(type) SP type SP LEN(body) SP body, where LEN is the
 * length in **bytes** (not characters) in ASCII decimal without leading zeros, and SP is
 * one 0x20 byte. This is what every signature covers.
 */
export function pae(payloadType: string, body: Uint8Array): Buffer {
  const type = Buffer.from(payloadType, 'utf8');
  return Buffer.concat([Buffer.from(`DSSEv1 ${type.length} `, 'ascii'), type, Buffer.from(` ${body.length} `, 'ascii'), body]);
}

const STANDARD = /^[A-Za-z0-9+/]*={0,2}$/;
const URL_SAFE = /^[A-Za-z0-9_-]*={0,2}$/;

/**
 * Strict base64: the standard or the URL-safe alphabet (DSSE verifiers must accept both),
 * padding optional but correct when present, no whitespace, no stray characters (which
 * Node's own decoder would silently skip) and no non-zero unused bits, so that one byte
 * string has exactly one accepted spelling per alphabet. `null` when malformed.
 */
export function decodeBase64(text: string): Buffer | null {
  if (!STANDARD.test(text) && !URL_SAFE.test(text)) return null;
  const body = text.replace(/=+$/, '');
  const padding = text.length - body.length;
  if (body.length % 4 === 1) return null;
  if (padding > 0 && (text.length % 4 !== 0 || padding !== (4 - (body.length % 4)) % 4)) return null;
  const standard = body.replaceAll('-', '+').replaceAll('_', '/');
  const bytes = Buffer.from(standard, 'base64');
  if (bytes.toString('base64').replace(/=+$/, '') !== standard) return null;
  return bytes;
}

export function sha256Hex(data: Uint8Array | string): string {
  return createHash('sha256').update(data).digest('hex');
}
