import { createPrivateKey, createPublicKey, generateKeyPairSync, randomBytes, type KeyObject } from 'node:crypto';
import { link, mkdir, open, readFile, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { InputError } from '../../runners/input-error.ts';
import { sha256Hex } from './pae.ts';

/**
 * Keys are pure Ed25519 (node:crypto `sign(null, …)`): PKCS#8 PEM for the private key,
 * SPKI PEM for the public key. A key's id is the hex sha256 of its DER SPKI, a local
 * convention that anyone can recompute with
 * `openssl pkey -pubin -in NAME.pub.pem -outform DER | sha256sum`.
 */
export function keyId(publicKey: KeyObject): string {
  return sha256Hex(publicKey.export({ type: 'spki', format: 'der' }));
}

export interface KeyPair {
  privatePem: string;
  publicPem: string;
  keyid: string;
}

export function generateKeyPair(): KeyPair {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  return {
    privatePem: privateKey.export({ type: 'pkcs8', format: 'pem' }) as string,
    publicPem: publicKey.export({ type: 'spki', format: 'pem' }) as string,
    keyid: keyId(publicKey),
  };
}

async function readKeyFile(file: string, flag: string): Promise<string> {
  try {
    return await readFile(file, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new InputError(file, code === 'ENOENT' ? `no such key file (${flag})` : code === 'EISDIR' ? `is a folder, not a key file (${flag})` : `cannot read the key: ${code ?? (e as Error).message}`);
  }
}

export interface LoadedPublicKey {
  file: string;
  key: KeyObject;
  keyid: string;
}

/** An Ed25519 public key in PEM (SPKI). A private key is refused: verifiers never need one. */
export async function loadPublicKey(file: string): Promise<LoadedPublicKey> {
  const pem = await readKeyFile(file, '--key');
  if (/-----BEGIN [A-Z ]*PRIVATE KEY-----/.test(pem)) throw new InputError(file, 'is a private key; verify with the public key (NAME.pub.pem)');
  let key: KeyObject;
  try {
    key = createPublicKey(pem);
  } catch {
    throw new InputError(file, 'is not a PEM public key');
  }
  if (key.asymmetricKeyType !== 'ed25519') throw new InputError(file, `is a ${key.asymmetricKeyType} key; wasmcert signatures are Ed25519`);
  return { file, key, keyid: keyId(key) };
}

export interface LoadedPrivateKey {
  file: string;
  key: KeyObject;
  publicKey: KeyObject;
  keyid: string;
}

/** An unencrypted Ed25519 private key in PEM (PKCS#8), as `wasmcert keygen` writes it. */
export async function loadPrivateKey(file: string): Promise<LoadedPrivateKey> {
  const pem = await readKeyFile(file, '--key');
  if (/-----BEGIN PUBLIC KEY-----/.test(pem)) throw new InputError(file, 'is a public key; signing needs the private key (NAME.key.pem)');
  if (/-----BEGIN ENCRYPTED PRIVATE KEY-----/.test(pem)) throw new InputError(file, 'is encrypted; give an unencrypted PKCS#8 key (openssl pkey -in KEY -out PLAIN)');
  let key: KeyObject;
  try {
    key = createPrivateKey(pem);
  } catch {
    throw new InputError(file, 'is not a PEM private key');
  }
  if (key.asymmetricKeyType !== 'ed25519') throw new InputError(file, `is a ${key.asymmetricKeyType} key; wasmcert signatures are Ed25519`);
  const publicKey = createPublicKey(key);
  return { file, key, publicKey, keyid: keyId(publicKey) };
}

export async function exists(file: string): Promise<boolean> {
  try {
    await stat(file);
    return true;
  } catch {
    return false;
  }
}

/**
 * Writes a file that must not exist yet, atomically: the data goes to a temporary file in
 * the same folder (created with `mode` when given), which is then hard-linked to the final
 * name. link() fails when the name exists, so an existing file is never replaced, even by
 * a concurrent writer; a reader never sees half a file.
 */
export async function writeNewFileAtomic(file: string, data: string, mode?: number): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true });
  const tmp = path.join(path.dirname(file), `.${path.basename(file)}.${randomBytes(6).toString('hex')}.tmp`);
  try {
    const handle = await open(tmp, 'wx', mode ?? 0o666);
    try {
      if (mode !== undefined) await handle.chmod(mode);
      await handle.writeFile(data);
      await handle.sync();
    } finally {
      await handle.close();
    }
    try {
      await link(tmp, file);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code === 'EEXIST') throw new InputError(file, 'already exists; refusing to overwrite it');
      // a file system without hard links: fall back to check-then-rename
      if (code !== 'EPERM' && code !== 'ENOTSUP' && code !== 'EOPNOTSUPP') throw e;
      if (await exists(file)) throw new InputError(file, 'already exists; refusing to overwrite it');
      await rename(tmp, file);
    }
  } finally {
    await rm(tmp, { force: true });
  }
}
