import { readFile } from 'node:fs/promises';
import { parse as parseToml } from 'smol-toml';
import { InputError } from './input-error.ts';
import { validatorFor } from './validate.ts';

/**
 * Expectation files in wasi-testsuite's TOML format: per suite, tests to skip or
 * expected to fail. We add optional `reason`, `kind` and `spec` so every entry can say
 * whether it is a runtime bug or a spec ambiguity, and which spec text is meant.
 */
export interface Expectation {
  /**
   * `not-run`: certification's view of a `skip`. Only skips remain in the locked mode,
   * because the tests they name crash or hang the harness on that runtime; such a test
   * is not run and counts as failed, so a skip can never help a runtime certify.
   */
  action: 'skip' | 'fail' | 'not-run';
  reason?: string;
  source: string;
}

export type Expectations = Map<string, Expectation>;

interface ExpectationFile {
  version: number;
  suite?: { name: string; test?: { name: string; action?: 'skip'; expected?: 'fail'; reason?: string; kind?: string; spec?: string }[] }[];
}

const schema = {
  type: 'object',
  required: ['version'],
  additionalProperties: false,
  properties: {
    version: { const: 1 },
    suite: {
      type: 'array',
      items: {
        type: 'object',
        required: ['name'],
        additionalProperties: false,
        properties: {
          name: { type: 'string' },
          test: {
            type: 'array',
            items: {
              type: 'object',
              required: ['name'],
              additionalProperties: false,
              properties: {
                name: { type: 'string' },
                action: { const: 'skip' },
                expected: { const: 'fail' },
                reason: { type: 'string' },
                kind: { enum: ['runtime-bug', 'spec-ambiguity', 'harness-limit'] },
                spec: { type: 'string' },
              },
            },
          },
        },
      },
    },
  },
} as const;

const validate = validatorFor<ExpectationFile>(schema);

export async function loadExpectations(files: string[]): Promise<Expectations> {
  const out: Expectations = new Map();
  for (const file of files) {
    let text: string;
    try {
      text = await readFile(file, 'utf8');
    } catch (e) {
      throw new InputError(file, `cannot read: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
    }
    let data: unknown;
    try {
      data = parseToml(text);
    } catch (e) {
      throw new InputError(file, `malformed TOML: ${(e as Error).message.split('\n')[0]}`);
    }
    for (const suite of validate(data, file).suite ?? []) {
      for (const t of suite.test ?? []) {
        if ((t.action === undefined) === (t.expected === undefined)) {
          throw new InputError(file, `test "${suite.name}/${t.name}" needs exactly one of "action" and "expected"`);
        }
        out.set(`${suite.name}/${t.name}`, { action: t.action === 'skip' ? 'skip' : 'fail', reason: t.reason, source: file });
      }
    }
  }
  return out;
}

/** Certification keeps only the skips, and they count as failures (see `not-run`). */
export function notRunInCertification(all: Expectations): Expectations {
  const out: Expectations = new Map();
  for (const [id, e] of all) if (e.action === 'skip') out.set(id, { ...e, action: 'not-run' });
  return out;
}
