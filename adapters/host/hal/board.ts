/**
 * The board file (docs/hal.md §3): buses, devices, pins and the input timeline of one
 * simulated board, as plain JSON with integers only, so that the C port of the simulator
 * (WAMR's --native-lib) reads the very same file. Validated with ajv in strict mode.
 */
import { readFileSync } from 'node:fs';
import { Ajv2020 } from 'ajv/dist/2020.js';

const u8 = { type: 'integer', minimum: 0, maximum: 255 } as const;
const ns = { type: 'integer', minimum: 0, maximum: 3600000000000 } as const;
const label = { type: 'string', pattern: '^[a-z0-9][a-z0-9_-]*$' } as const;

const register = {
  type: 'object',
  additionalProperties: false,
  required: ['at', 'value'],
  properties: { at: u8, value: u8, access: { enum: ['ro', 'rw'] }, note: { type: 'string' } },
} as const;

const i2cDevice = {
  type: 'object',
  required: ['kind', 'name', 'address'],
  properties: {
    kind: { enum: ['register-map', 'eeprom'] },
    name: label,
    address: { type: 'integer', minimum: 8, maximum: 119 },
    note: { type: 'string' },
    // register-map
    registers: { type: 'array', items: register },
    auto_increment: { type: 'boolean' },
    // eeprom
    size: { type: 'integer', minimum: 1, maximum: 1048576 },
    page_size: { type: 'integer', minimum: 1, maximum: 4096 },
    address_bytes: { enum: [1, 2] },
    write_time_ns: ns,
    write_protect: { type: 'boolean' },
    fill: u8,
  },
  additionalProperties: false,
  if: { properties: { kind: { const: 'eeprom' } } },
  then: { required: ['size', 'page_size', 'address_bytes', 'write_time_ns'] },
  else: { required: ['registers'] },
} as const;

const spiDevice = {
  type: 'object',
  additionalProperties: false,
  required: ['kind', 'name', 'cs'],
  properties: {
    kind: { enum: ['nor-flash', 'loopback'] },
    name: label,
    cs: { type: 'integer', minimum: 0, maximum: 15 },
    note: { type: 'string' },
    jedec_id: { type: 'array', items: u8, minItems: 1, maxItems: 8 },
    size: { type: 'integer', minimum: 256, maximum: 16777216 },
    page_size: { type: 'integer', minimum: 1, maximum: 4096 },
    program_time_ns: ns,
    fill: u8,
  },
} as const;

const pin = {
  type: 'object',
  additionalProperties: false,
  required: ['label', 'modes'],
  properties: {
    label,
    modes: { type: 'array', items: { enum: ['in', 'out'] }, uniqueItems: true },
    allowed: { type: 'boolean' },
    active_level: { enum: ['active-high', 'active-low'] },
    pull: { enum: ['up', 'down', 'none'] },
    note: { type: 'string' },
  },
} as const;

export const boardSchema = {
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  $id: 'https://wasmcert.dev/schema/hal-board/v1',
  title: 'wasmcert simulated board',
  type: 'object',
  additionalProperties: false,
  properties: {
    $schema: { type: 'string' },
    description: { type: 'string' },
    i2c: { type: 'array', items: { type: 'object', additionalProperties: false, required: ['label', 'devices'], properties: { label, devices: { type: 'array', items: i2cDevice } } } },
    spi: { type: 'array', items: { type: 'object', additionalProperties: false, required: ['label', 'devices'], properties: { label, devices: { type: 'array', items: spiDevice } } } },
    delay: { type: 'array', items: { type: 'object', additionalProperties: false, required: ['label'], properties: { label } } },
    gpio: {
      type: 'object',
      additionalProperties: false,
      properties: {
        pins: { type: 'array', items: pin },
        wires: { type: 'array', items: { type: 'array', items: label, minItems: 2, maxItems: 2 } },
        timeline: {
          type: 'array',
          items: { type: 'object', additionalProperties: false, required: ['at_ns', 'pin', 'level'], properties: { at_ns: ns, pin: label, level: { enum: [0, 1] } } },
        },
      },
    },
  },
} as const;

export interface Register {
  at: number;
  value: number;
  access?: 'ro' | 'rw';
}
export interface I2cDeviceSpec {
  kind: 'register-map' | 'eeprom';
  name: string;
  address: number;
  registers?: Register[];
  auto_increment?: boolean;
  size?: number;
  page_size?: number;
  address_bytes?: 1 | 2;
  write_time_ns?: number;
  write_protect?: boolean;
  fill?: number;
}
export interface SpiDeviceSpec {
  kind: 'nor-flash' | 'loopback';
  name: string;
  cs: number;
  jedec_id?: number[];
  size?: number;
  page_size?: number;
  program_time_ns?: number;
  fill?: number;
}
export interface PinSpec {
  label: string;
  modes: ('in' | 'out')[];
  allowed?: boolean;
  active_level?: 'active-high' | 'active-low';
  pull?: 'up' | 'down' | 'none';
}
export interface TimelineEvent {
  at_ns: number;
  pin: string;
  level: 0 | 1;
}
export interface Board {
  i2c?: { label: string; devices: I2cDeviceSpec[] }[];
  spi?: { label: string; devices: SpiDeviceSpec[] }[];
  delay?: { label: string }[];
  gpio?: { pins?: PinSpec[]; wires?: [string, string][]; timeline?: TimelineEvent[] };
}

const check = new Ajv2020({ strict: true, strictRequired: false, allowUnionTypes: true }).compile(boardSchema);

/** A board from its JSON text; a schema violation throws, naming the field. */
export function parseBoard(text: string, file: string): Board {
  const data: unknown = JSON.parse(text);
  if (!check(data)) {
    const e = check.errors![0]!;
    throw new Error(`${file}: board ${e.instancePath || 'document'} ${e.message ?? 'is invalid'}`);
  }
  return data as Board;
}

export function loadBoard(file: string): Board {
  return parseBoard(readFileSync(file, 'utf8'), file);
}

/** The board a run with no board file gets: nothing on it, so every open fails cleanly. */
export const EMPTY_BOARD: Board = {};
