import { expect } from 'chai';
import path from 'node:path';
import { loadExpectations } from '../runners/expectations.ts';
import { InputError } from '../runners/input-error.ts';
import { scratchTree } from './support/temp.ts';

describe('expectation files (wasi-testsuite TOML)', () => {
  it('reads expected failures and skips keyed by suite/test', async () => {
    const exp = await loadExpectations([path.resolve('test/fixtures/expectations/upstream.toml')]);
    expect(exp.get('WASI C tests/wrong-stdout')).to.deep.include({ action: 'fail' });
    const skip = await loadExpectations([path.resolve('test/fixtures/expectations/skip-wrong.toml')]);
    expect(skip.get('WASI C tests/wrong-stdout')).to.deep.include({ action: 'skip' });
  });

  it('lets a later file override an earlier one', async () => {
    const exp = await loadExpectations(['upstream.toml', 'skip-wrong.toml'].map((f) => path.resolve('test/fixtures/expectations', f)));
    expect(exp.get('WASI C tests/wrong-stdout')!.action).to.equal('skip');
  });

  const bad: [string, string, RegExp][] = [
    ['malformed TOML', 'version = = 1', /x\.toml: malformed TOML/],
    ['a missing version', '[[suite]]\nname = "s"', /x\.toml: missing field "version"/],
    ['an unknown action', 'version = 1\n[[suite]]\nname = "s"\n[[suite.test]]\nname = "t"\naction = "ignore"', /x\.toml: field "suite\.0\.test\.0\.action" must be equal to constant/],
    ['both action and expected', 'version = 1\n[[suite]]\nname = "s"\n[[suite.test]]\nname = "t"\naction = "skip"\nexpected = "fail"', /needs exactly one of "action" and "expected"/],
  ];
  for (const [what, text, message] of bad) {
    it(`rejects ${what} in one line`, async () => {
      const tree = scratchTree({ 'x.toml': text });
      try {
        await loadExpectations([path.join(tree.dir, 'x.toml')]).then(
          () => expect.fail('accepted'),
          (e: Error) => {
            expect(e).to.be.instanceOf(InputError);
            expect(e.message).to.match(message);
            expect(e.message).to.not.include('\n');
          },
        );
      } finally {
        tree.cleanup();
      }
    });
  }
});
