import { Ajv2020, type ErrorObject } from 'ajv/dist/2020.js';
import { InputError } from './input-error.ts';

const ajv = new Ajv2020({ strict: true, allowUnionTypes: true, allErrors: false });

/** The first schema error as a phrase naming the field, e.g. `field "exit_code" must be integer`. */
export function describeSchemaError(err: ErrorObject): string {
  const path = err.instancePath ? err.instancePath.slice(1).replaceAll('/', '.') : '';
  if (err.keyword === 'additionalProperties') {
    const extra = (err.params as { additionalProperty: string }).additionalProperty;
    return `unknown field "${path ? `${path}.` : ''}${extra}"`;
  }
  if (err.keyword === 'required') {
    const missing = (err.params as { missingProperty: string }).missingProperty;
    return `missing field "${path ? `${path}.` : ''}${missing}"`;
  }
  return `${path ? `field "${path}"` : 'document'} ${err.message ?? 'is invalid'}`;
}

/** A validator that throws a one-line InputError naming the file and the field. */
export function validatorFor<T>(schema: object): (data: unknown, file: string) => T {
  const check = ajv.compile(schema);
  return (data, file) => {
    if (!check(data)) throw new InputError(file, describeSchemaError(check.errors![0]!));
    return data as T;
  };
}

/** Parse JSON from a file's text with a one-line error on malformed input. */
export function parseJson(text: string, file: string): unknown {
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new InputError(file, `malformed JSON: ${(e as Error).message}`);
  }
}
