/**
 * JSON Schema (draft 2020-12) of a test spec. The native format is a superset of the
 * wasi-testsuite legacy spec, so upstream files validate unchanged; `dirs` is the
 * pre-2026 upstream spelling of `root`.
 */
export const testSpecSchema = {
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  $id: 'https://wasmcert.dev/schema/test-spec/v1',
  title: 'wasmcert test spec',
  type: 'object',
  additionalProperties: false,
  properties: {
    $schema: { type: 'string' },
    description: { type: 'string' },
    module: { type: 'string', minLength: 1, description: 'guest module, relative to the spec; default: the spec name with .wasm' },
    args: { type: 'array', items: { type: 'string' } },
    env: { type: 'object', additionalProperties: { type: 'string' } },
    root: { type: ['string', 'null'], description: 'fixture folder mounted as the guest /, relative to the spec' },
    dirs: { type: 'array', items: { type: 'string' }, description: 'legacy: each folder preopened under its own name' },
    stdin: { type: 'string' },
    exit_code: { type: 'integer', minimum: 0, maximum: 4294967295 },
    trap: { type: 'boolean', description: 'the guest must trap' },
    stdout: { type: 'string' },
    stderr: { type: 'string' },
    tap: { type: 'boolean', description: 'the guest speaks TAP 14 on stdout' },
    tcp_listen: { type: 'boolean', description: 'the runtime pre-opens a TCP listener on a free loopback port for the guest' },
    timeout_ms: { type: 'integer', minimum: 1, maximum: 3600000 },
    guest_memory_limit_bytes: {
      type: 'integer',
      minimum: 65536,
      maximum: 4294967296,
      description: "ceiling the runtime is given for the guest's linear memory in this test, instead of the run's (--profile, --guest-memory-limit)",
    },
    requires: { type: 'array', items: { type: 'string', pattern: '^[a-z0-9][a-z0-9.-]*$' }, uniqueItems: true },
    tags: { type: 'array', items: { type: 'string', pattern: '^[a-z0-9][a-z0-9-]*$' }, uniqueItems: true },
  },
} as const;

export const manifestSchema = {
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  $id: 'https://wasmcert.dev/schema/manifest/v1',
  type: 'object',
  required: ['name'],
  additionalProperties: false,
  properties: {
    name: { type: 'string', minLength: 1 },
    version: { type: 'string' },
    description: { type: 'string' },
  },
} as const;
