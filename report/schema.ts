import { STATUSES } from '../runners/judge.ts';

const sha256 = { type: 'string', pattern: '^[0-9a-f]{64}$' } as const;
const count = { type: 'integer', minimum: 0 } as const;
/** A timing distribution in ns (runners/distributions.ts). */
const distribution = {
  type: 'object',
  additionalProperties: false,
  required: ['n', 'min', 'median', 'p90', 'p99', 'p999', 'max', 'jitter'],
  properties: {
    n: count,
    min: count,
    median: count,
    p90: count,
    p99: count,
    p999: count,
    max: count,
    jitter: count,
    histogram: {
      type: 'object',
      additionalProperties: false,
      required: ['fromBit', 'counts'],
      properties: { fromBit: { type: 'integer', minimum: 0, maximum: 64 }, counts: { type: 'array', items: count, minItems: 1 } },
    },
  },
} as const;
const totals = {
  type: 'object',
  additionalProperties: false,
  required: ['total', ...STATUSES],
  properties: Object.fromEntries(['total', ...STATUSES].map((k) => [k, count])),
} as const;
const isoTime = { type: 'string', pattern: '^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d+)?Z$' } as const;
const strings = { type: 'array', items: { type: 'string' } } as const;

/** JSON Schema (draft 2020-12) of the canonical report; every derived output reads only this. */
export const reportSchema = {
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  $id: 'https://wasmcert.dev/schema/report/v1',
  title: 'wasmcert canonical report',
  type: 'object',
  additionalProperties: false,
  required: ['reportVersion', 'tool', 'run', 'host', 'suites', 'runtimes', 'results', 'totals'],
  properties: {
    reportVersion: { const: '1.0' },
    tool: {
      type: 'object',
      additionalProperties: false,
      required: ['name', 'version'],
      properties: { name: { const: 'wasmcert' }, version: { type: 'string' } },
    },
    run: {
      type: 'object',
      additionalProperties: false,
      required: ['startedAt', 'finishedAt', 'durationMs', 'jobs', 'argv', 'filters'],
      properties: {
        startedAt: isoTime,
        finishedAt: isoTime,
        durationMs: count,
        jobs: { type: 'integer', minimum: 1 },
        noiseFloor: {
          type: 'object',
          additionalProperties: false,
          required: ['clockPair', 'waitOvershoot', 'cpusAllowed', 'noisy'],
          properties: { clockPair: distribution, waitOvershoot: distribution, cpusAllowed: { type: ['string', 'null'] }, noisy: { type: 'boolean' } },
        },
        guestMemoryLimitBytes: { type: 'integer', minimum: 65536 },
        argv: strings,
        filters: {
          type: 'object',
          additionalProperties: false,
          required: ['suites', 'grep'],
          properties: { suites: strings, grep: { type: ['string', 'null'] } },
        },
      },
    },
    host: {
      type: 'object',
      additionalProperties: false,
      required: ['os', 'release', 'arch', 'cpus', 'cpuModel', 'memoryBytes', 'node'],
      properties: {
        os: { type: 'string' },
        release: { type: 'string' },
        arch: { type: 'string' },
        cpus: count,
        cpuModel: { type: 'string' },
        memoryBytes: count,
        node: { type: 'string' },
      },
    },
    suites: {
      type: 'array',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['name', 'version', 'dir', 'tests', 'modules', 'sha256'],
        properties: {
          name: { type: 'string' },
          version: { type: 'string' },
          dir: { type: 'string' },
          tests: count,
          modules: { type: 'object', additionalProperties: sha256 },
          sha256,
          adapts: { type: 'string' },
        },
      },
    },
    runtimes: {
      type: 'array',
      minItems: 1,
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['name', 'version', 'path', 'sha256', 'sizeBytes', 'capabilities', 'totals'],
        properties: {
          name: { type: 'string' },
          version: { type: 'string' },
          path: { type: 'string' },
          sha256,
          sizeBytes: count,
          capabilities: strings,
          lacking: { type: 'object', description: "each capability whose probe failed, with the runtime's own words", additionalProperties: { type: 'string' } },
          totals,
        },
      },
    },
    results: {
      type: 'array',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['id', 'suite', 'name', 'runtime', 'status', 'durationMs', 'assertions', 'tags', 'requires'],
        properties: {
          id: { type: 'string' },
          suite: { type: 'string' },
          name: { type: 'string' },
          runtime: { type: 'string' },
          status: { enum: STATUSES },
          message: { type: 'string' },
          durationMs: { type: 'number', minimum: 0 },
          outcome: {
            type: 'object',
            additionalProperties: false,
            required: ['kind', 'exitCode'],
            properties: {
              kind: { enum: ['exit', 'trap', 'signal', 'timeout', 'resource-limit', 'load-error', 'error'] },
              exitCode: { type: ['integer', 'null'] },
              signal: { type: ['integer', 'string'] },
              message: { type: 'string' },
            },
          },
          assertions: {
            type: 'array',
            items: {
              type: 'object',
              additionalProperties: false,
              required: ['id', 'name', 'ok'],
              properties: { id: count, name: { type: 'string' }, ok: { type: 'boolean' }, skip: { type: 'string' }, todo: { type: 'string' }, diag: {} },
            },
          },
          tags: strings,
          requires: strings,
          expectation: {
            type: 'object',
            additionalProperties: false,
            required: ['action', 'source'],
            properties: { action: { enum: ['skip', 'fail', 'not-run'] }, reason: { type: 'string' }, source: { type: 'string' } },
          },
          stdout: { type: 'string' },
          stderr: { type: 'string' },
          peakRssBytes: count,
          guestMemoryBytes: count,
          halTrace: {
            type: 'object',
            additionalProperties: false,
            required: ['lines', 'sha256'],
            properties: { lines: count, sha256: { type: 'string', pattern: '^[0-9a-f]{64}$' }, text: { type: 'string' } },
          },
          repeat: {
            type: 'object',
            additionalProperties: false,
            required: ['runs', 'distinct', 'sha256'],
            properties: { runs: count, distinct: count, sha256: { type: 'string', pattern: '^[0-9a-f]{64}$' } },
          },
          distributions: {
            type: 'object',
            description: 'timing distributions the guest measured with its monotonic clock, in ns',
            additionalProperties: distribution,
          },
          hostCounts: {
            type: 'object',
            description: 'per WASI import of a component guest: calls, guest reallocs and bytes, bytes copied into and out of guest memory',
            additionalProperties: {
              type: 'object',
              additionalProperties: false,
              required: ['calls', 'reallocs', 'reallocBytes', 'copiedIn', 'copiedOut'],
              properties: { calls: count, reallocs: count, reallocBytes: count, copiedIn: count, copiedOut: count },
            },
          },
        },
      },
    },
    totals,
    certifications: {
      type: 'array',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['runtime', 'profile', 'mode', 'verdict', 'reasons', 'measured', 'validUntil'],
        properties: {
          runtime: { type: 'string' },
          profile: {
            type: 'object',
            additionalProperties: false,
            required: ['id', 'version', 'sha256', 'tier', 'rtClass', 'mustPassSha256'],
            properties: {
              id: { type: 'string' },
              version: { type: 'string' },
              sha256,
              tier: { enum: ['X-Small', 'V-Small', 'Small', 'Medium', 'Large'] },
              rtClass: { enum: ['hard', 'soft', 'none'] },
              mustPassSha256: sha256,
            },
          },
          mode: { enum: ['certify', 'evaluate'] },
          verdict: { enum: ['certified', 'not-certified'] },
          reasons: strings,
          measured: {
            type: 'object',
            additionalProperties: false,
            required: ['peakRssBytes', 'binarySizeBytes', 'guestMemoryBytes', 'mustPass', 'mustPassPassed'],
            properties: {
              peakRssBytes: { type: ['integer', 'null'], minimum: 0 },
              binarySizeBytes: count,
              guestMemoryBytes: { type: ['integer', 'null'], minimum: 0 },
              mustPass: count,
              mustPassPassed: count,
            },
          },
          validUntil: { type: 'string', pattern: '^\\d{4}-\\d{2}-\\d{2}$' },
        },
      },
    },
  },
} as const;
