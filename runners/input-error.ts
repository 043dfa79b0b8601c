/**
 * Bad input from the user (a spec, a flag, a fixture). The CLI prints the message
 * as a single line and exits 2; everything else that throws is a harness bug.
 */
export class InputError extends Error {
  constructor(
    readonly file: string,
    readonly problem: string,
  ) {
    super(`${file}: ${problem}`);
    this.name = 'InputError';
  }
}
