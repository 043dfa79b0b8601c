import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { PACKAGE_ROOT } from '../adapters/paths.ts';
import type { RtClass, Tier } from '../report/types.ts';
import { InputError } from '../runners/input-error.ts';
import { parseJson, validatorFor } from '../runners/validate.ts';

export const PROFILES_DIR = path.join(PACKAGE_ROOT, 'profiles');

interface ProfileFile {
  id: string;
  version: string;
  description?: string;
  extends?: string[];
  tier?: Tier;
  rtClass?: RtClass;
  mustPass?: { suites?: string[]; tests?: string[]; tags?: string[] };
  capabilities?: string[];
  limits?: { peakRssBytes?: number; binarySizeBytes?: number; guestMemoryLimitBytes?: number };
  determinism?: Record<string, number | null>;
  validityDays?: number;
}

/** A profile with everything it depends on folded in. */
export interface Profile {
  id: string;
  version: string;
  description: string;
  tier: Tier;
  rtClass: RtClass;
  mustPass: { suites: string[]; tests: string[]; tags: string[] };
  capabilities: string[];
  limits: { peakRssBytes?: number; binarySizeBytes?: number; guestMemoryLimitBytes?: number };
  /** Thresholds the determinism suite fills; null until it does. */
  determinism: Record<string, number | null>;
  validityDays: number;
  /** The chain it was built from, for the report. */
  sources: string[];
  sha256: string;
}

const bytes = { type: 'integer', minimum: 1 } as const;
/** At least one WebAssembly page: the runtime is given whole pages. */
const guestBytes = { type: 'integer', minimum: 65_536, maximum: 4 * 1024 ** 3 } as const;
const names = { type: 'array', items: { type: 'string', minLength: 1 }, uniqueItems: true } as const;

const schema = {
  type: 'object',
  additionalProperties: false,
  required: ['id', 'version'],
  properties: {
    id: { type: 'string', pattern: '^[a-z0-9][a-z0-9-]*$' },
    version: { type: 'string', pattern: '^\\d+\\.\\d+\\.\\d+$' },
    description: { type: 'string' },
    extends: names,
    tier: { enum: ['X-Small', 'V-Small', 'Small', 'Medium', 'Large'] },
    rtClass: { enum: ['hard', 'soft', 'none'] },
    mustPass: { type: 'object', additionalProperties: false, properties: { suites: names, tests: names, tags: names } },
    capabilities: names,
    limits: { type: 'object', additionalProperties: false, properties: { peakRssBytes: bytes, binarySizeBytes: bytes, guestMemoryLimitBytes: guestBytes } },
    determinism: { type: 'object', additionalProperties: { type: ['number', 'null'], minimum: 0 } },
    validityDays: { type: 'integer', minimum: 1, maximum: 1095 },
  },
} as const;

const validate = validatorFor<ProfileFile>(schema);

function readProfile(ref: string, dir: string): { file: string; data: ProfileFile } {
  const file = ref.endsWith('.json') ? path.resolve(ref) : path.join(dir, `${ref}.json`);
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    throw new InputError(ref.endsWith('.json') ? file : '--profile', `no profile "${ref}" (looked for ${file})`);
  }
  const data = validate(parseJson(text, file), file);
  if (!ref.endsWith('.json') && data.id !== ref) throw new InputError(file, `field "id" is "${data.id}", but the file is named for "${ref}"`);
  return { file, data };
}

function union(a: string[] = [], b: string[] = []): string[] {
  return [...new Set([...a, ...b])];
}

type Resolved = Omit<Profile, 'tier' | 'rtClass' | 'sha256' | 'validityDays'> & { tier?: Tier; rtClass?: RtClass; validityDays?: number };

/** One value from the profile or, failing that, the one its parents agree on. */
function inherit<T>(file: string, key: string, own: T | undefined, parents: (T | undefined)[]): T | undefined {
  if (own !== undefined) return own;
  const values = [...new Set(parents.filter((v) => v !== undefined))];
  if (values.length > 1) throw new InputError(file, `the profiles it extends disagree on "${key}": ${values.join(', ')}`);
  return values[0];
}

function resolve(ref: string, dir: string, chain: string[]): Resolved {
  const { file, data } = readProfile(ref, dir);
  if (chain.includes(data.id)) throw new InputError(file, `profile "${data.id}" extends itself (${[...chain, data.id].join(' -> ')})`);
  const parents = (data.extends ?? []).map((p) => resolve(p, path.dirname(file), [...chain, data.id]));
  const validity = [data.validityDays, ...parents.map((p) => p.validityDays)].filter((d): d is number => d !== undefined);
  return {
    id: data.id,
    version: data.version,
    description: data.description ?? '',
    tier: inherit(file, 'tier', data.tier, parents.map((p) => p.tier)),
    rtClass: inherit(file, 'rtClass', data.rtClass, parents.map((p) => p.rtClass)),
    mustPass: {
      suites: union(parents.flatMap((p) => p.mustPass.suites), data.mustPass?.suites),
      tests: union(parents.flatMap((p) => p.mustPass.tests), data.mustPass?.tests),
      tags: union(parents.flatMap((p) => p.mustPass.tags), data.mustPass?.tags),
    },
    capabilities: union(parents.flatMap((p) => p.capabilities), data.capabilities),
    limits: Object.assign({}, ...parents.map((p) => p.limits), data.limits),
    determinism: Object.assign({}, ...parents.map((p) => p.determinism), data.determinism),
    // a profile is valid no longer than anything it builds on
    ...(validity.length ? { validityDays: Math.min(...validity) } : {}),
    sources: union(parents.flatMap((p) => p.sources), [path.relative(PACKAGE_ROOT, file)]),
  };
}

/** Loads a profile by id (from profiles/) or by path, folding in what it extends. */
export function loadProfile(ref: string, dir = PROFILES_DIR): Profile {
  const r = resolve(ref, dir, []);
  if (!r.tier) throw new InputError(ref, 'the profile has no tier: set "tier" or extend a tier profile');
  const merged = { ...r, tier: r.tier, rtClass: r.rtClass ?? 'none', validityDays: r.validityDays ?? 365 };
  return { ...merged, sha256: createHash('sha256').update(JSON.stringify(merged)).digest('hex') };
}
