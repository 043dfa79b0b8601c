import { rm } from 'node:fs/promises';
import { InputError } from '../../runners/input-error.ts';
import { exists, generateKeyPair, writeNewFileAtomic } from '../../report/sign/keys.ts';
import type { Command } from './index.ts';
import { parseCommandArgs } from './parse-command-args.ts';

const USAGE = `Usage: wasmcert keygen --out NAME

Creates an Ed25519 key pair for signing reports (wasmcert sign):
  NAME.key.pem   the private key (PKCS#8 PEM, mode 0600): keep it secret
  NAME.pub.pem   the public key (SPKI PEM): publish it, with its keyid
Prints the keyid: the hex sha256 of the public key's DER SPKI, which anyone can
recompute with  openssl pkey -pubin -in NAME.pub.pem -outform DER | sha256sum
Never overwrites: if either file exists, nothing is written.

Options:
  --out NAME   path and stem of the two files (e.g. keys/acme-lab)
  -h, --help   show this text

Exit codes: 0 written, 2 bad usage, or a file already exists.`;

const command: Command = {
  summary: 'create an Ed25519 key pair for signing reports',
  usage: USAGE,
  async run(argv) {
    const args = parseCommandArgs(argv, { out: { type: 'string' } }, USAGE, { count: 0, hint: '(wasmcert keygen --out NAME)' });
    if (!args) return 0;
    const { values, positionals } = args;
    if (!values.out) throw new InputError('--out', 'keygen needs a name for the key files (wasmcert keygen --out NAME)');
    const stem = values.out.replace(/\.(key|pub)\.pem$/, '');
    const keyFile = `${stem}.key.pem`;
    const pubFile = `${stem}.pub.pem`;
    for (const f of [keyFile, pubFile]) if (await exists(f)) throw new InputError(f, 'already exists; refusing to overwrite a key (choose another --out)');

    const pair = generateKeyPair();
    await writeNewFileAtomic(keyFile, pair.privatePem, 0o600);
    try {
      await writeNewFileAtomic(pubFile, pair.publicPem);
    } catch (e) {
      await rm(keyFile, { force: true }); // never leave half a pair behind
      throw e;
    }
    process.stdout.write(`private key: ${keyFile} (mode 0600; keep it secret)\npublic key:  ${pubFile}\nkeyid:       ${pair.keyid}\n`);
    return 0;
  },
};

export default command;
