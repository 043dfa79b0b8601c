import { sign, verify as verifySignature, type KeyObject } from 'node:crypto';
import { decodeBase64, pae } from './pae.ts';
import { PAYLOAD_TYPE } from './statement.ts';

/** DSSE v1 envelope (secure-systems-lab/dsse `envelope.md`). */
export interface Envelope {
  payloadType: string;
  /** base64 of the payload bytes. */
  payload: string;
  signatures: EnvelopeSignature[];
}

export interface EnvelopeSignature {
  /** An unauthenticated hint: never used to decide anything. */
  keyid?: string;
  /** base64 of the signature over PAE(payloadType, payload bytes). */
  sig: string;
}

/** Ed25519 over PAE(payloadType, payload): the signature bytes. */
export function signPae(payloadType: string, payload: Uint8Array, privateKey: KeyObject): Buffer {
  return sign(null, pae(payloadType, payload), privateKey);
}

export function createEnvelope(payload: Uint8Array, privateKey: KeyObject, keyid: string): Envelope {
  return {
    payloadType: PAYLOAD_TYPE,
    payload: Buffer.from(payload).toString('base64'),
    signatures: [{ keyid, sig: signPae(PAYLOAD_TYPE, payload, privateKey).toString('base64') }],
  };
}

/** Adds a signature over the very payload bytes already in the envelope (a countersignature). */
export function addSignature(envelope: Envelope, payload: Uint8Array, privateKey: KeyObject, keyid: string): Envelope {
  const sig = signPae(envelope.payloadType, payload, privateKey).toString('base64');
  return { ...envelope, signatures: [...envelope.signatures, { keyid, sig }] };
}

export function renderEnvelope(envelope: Envelope): string {
  return `${JSON.stringify(envelope, null, 2)}\n`;
}

/** Does the value look like an envelope rather than a report (used to pick sign vs countersign)? */
export function looksLikeEnvelope(json: unknown): boolean {
  return typeof json === 'object' && json !== null && !Array.isArray(json) && 'payloadType' in json;
}

/**
 * The envelope's shape (rule 1), with the payload decoded once: these bytes are what is
 * verified and then parsed, never the base64 text again.
 */
export function checkEnvelope(json: unknown): { envelope: Envelope; payload: Buffer } | { problem: string } {
  if (typeof json !== 'object' || json === null || Array.isArray(json)) return { problem: 'the envelope is not a JSON object' };
  const e = json as Record<string, unknown>;
  if (typeof e.payloadType !== 'string') return { problem: 'the envelope has no string "payloadType"' };
  if (typeof e.payload !== 'string') return { problem: 'the envelope has no string "payload"' };
  if (!Array.isArray(e.signatures)) return { problem: 'the envelope has no "signatures" list' };
  if (e.signatures.length === 0) return { problem: 'the envelope has no signatures' };
  for (const [i, s] of e.signatures.entries()) {
    if (typeof s !== 'object' || s === null || Array.isArray(s)) return { problem: `signatures[${i}] is not an object` };
    const sig = s as Record<string, unknown>;
    if (typeof sig.sig !== 'string') return { problem: `signatures[${i}] has no string "sig"` };
    if (sig.keyid !== undefined && typeof sig.keyid !== 'string') return { problem: `signatures[${i}].keyid is not a string` };
  }
  const payload = decodeBase64(e.payload);
  if (payload === null) return { problem: 'the payload is not valid base64 (standard or URL-safe)' };
  return { envelope: json as Envelope, payload };
}

/**
 * The index of the first signature that verifies with `publicKey` over PAE(payloadType,
 * payload), or -1. Every signature is tried whatever its keyid says.
 */
export function findSignature(envelope: Envelope, payload: Uint8Array, publicKey: KeyObject): number {
  const message = pae(envelope.payloadType, payload);
  return envelope.signatures.findIndex((s) => {
    const sig = decodeBase64(s.sig);
    if (sig === null) return false;
    try {
      return verifySignature(null, message, publicKey, sig);
    } catch {
      return false;
    }
  });
}
