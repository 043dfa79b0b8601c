/**
 * JSON Schema (draft 2020-12) of a test spec. The native format is a superset of the
 * wasi-testsuite legacy spec, so upstream files validate unchanged; `dirs` is the
 * pre-2026 upstream spelling of `root`.
 */
/** One thing the harness's peer does (docs/sockets.md): exactly one key per step. */
const peerStep = {
  type: 'object',
  minProperties: 1,
  maxProperties: 1,
  additionalProperties: false,
  properties: {
    send: { type: 'string' },
    send_hex: { type: 'string', pattern: '^([0-9a-f]{2})*$' },
    expect: { type: 'string', minLength: 1 },
    expect_hex: { type: 'string', pattern: '^([0-9a-f]{2})+$' },
    expect_eof: { const: true },
    shutdown: { const: 'write' },
    close: { const: true },
    reset: { const: true },
    wait_ms: { type: 'integer', minimum: 0, maximum: 60000 },
  },
} as const;

/** The real socket at the other end of a socket test, run by the harness on loopback. */
const peerSchema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    transport: { enum: ['tcp', 'udp'] },
    family: { enum: ['ipv4', 'ipv6'] },
    role: { enum: ['server', 'client'] },
    steps: { type: 'array', items: peerStep },
  },
  // a datagram sent before the guest binds would be lost: UDP peers wait for the guest
  if: { properties: { transport: { const: 'udp' } }, required: ['transport'] },
  then: { properties: { role: { const: 'server' }, steps: { type: 'array', items: { type: 'object', propertyNames: { enum: ['send', 'send_hex', 'expect', 'expect_hex', 'close', 'wait_ms'] } } } } },
} as const;

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
    peer: peerSchema,
    socket_policy: {
      type: 'object',
      additionalProperties: false,
      description: "what the runtime lets the guest reach (WAMR's --addr-pool, --allow-resolve); docs/sockets.md",
      properties: {
        addr_pool: { type: 'array', items: { type: 'string', pattern: '^[0-9a-fA-F.:]+/[0-9]{1,3}$' }, maxItems: 8 },
        allow_resolve: { type: 'array', items: { type: 'string', minLength: 1, pattern: '^[^,\\s]+$' }, maxItems: 8 },
      },
    },
    hal: {
      type: 'object',
      additionalProperties: false,
      required: ['board'],
      description: 'the simulated board of a HAL test and the trace lines it must record, in order (docs/hal.md)',
      properties: {
        board: { type: 'string', minLength: 1, description: 'board file, relative to the spec' },
        trace: { type: 'array', items: { type: 'string', minLength: 1, pattern: '^[^\\n]+$' } },
      },
    },
    component: {
      type: 'boolean',
      description: 'run the core module as the component the P1 command adapter makes of it (with its direct WASI 0.2 imports lifted); default: true in a wasm32-wasip2 suite',
    },
    repeat: {
      type: 'integer',
      minimum: 2,
      maximum: 100,
      description: 'run the test this many times, each in a fresh sandbox: every run must end the same way with the same stdout and stderr (execution determinism)',
    },
    invoke: {
      type: 'string',
      minLength: 3,
      pattern: '^[a-z][a-z0-9-]*\\(.*\\)$',
      description: "call this export of the component instead of running it: a WAVE call expression (as `wasmtime run --invoke` takes it); stdout is the result's WAVE text and a newline",
    },
    host_counts: {
      type: 'object',
      additionalProperties: false,
      required: ['import', 'per_call'],
      description: 'what one call of a component import must cost at the host boundary, judged where the runtime measures it (the in-process host; docs/component-model.md)',
      properties: {
        import: { type: 'string', pattern: '^[a-z][a-z0-9-]*:[a-z][a-z0-9-]*/[a-z][a-z0-9-]*#[^#\\s]+$', description: 'interface without version, #, the core import name' },
        per_call: {
          type: 'object',
          additionalProperties: false,
          minProperties: 1,
          properties: {
            reallocs: { type: 'integer', minimum: 0 },
            realloc_bytes: { type: 'integer', minimum: 0 },
            copied_in: { type: 'integer', minimum: 0, description: 'bytes the host wrote into guest memory' },
            copied_out: { type: 'integer', minimum: 0, description: 'bytes the host read out of guest memory' },
          },
        },
      },
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
    adapts: {
      type: 'object',
      description: "a suite made of another suite's tests, each module run as the component an adapter makes of it (docs/component-model.md)",
      required: ['suite', 'with'],
      additionalProperties: false,
      properties: {
        suite: { type: 'string', minLength: 1, description: 'folder of the adapted suite, relative to this manifest' },
        with: { const: 'wasi-p1-command-adapter', description: "jco's wasi_snapshot_preview1.command.wasm" },
      },
    },
  },
} as const;
