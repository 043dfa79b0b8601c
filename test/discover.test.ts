import { expect } from 'chai';
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { discoverSuites, filterTests } from '../runners/discover.ts';
import { InputError } from '../runners/input-error.ts';
import { EMPTY_COMMAND, scratchTree } from './support/temp.ts';

const UPSTREAM = path.resolve('test/fixtures/wasi-testsuite');

async function inputError(promise: Promise<unknown>): Promise<InputError> {
  try {
    await promise;
  } catch (e) {
    expect(e).to.be.instanceOf(InputError);
    expect((e as Error).message).to.not.include('\n');
    return e as InputError;
  }
  throw new Error('expected an InputError');
}

describe('discovery of the wasi-testsuite layout', () => {
  it('finds the suite by its manifest and names it from the manifest', async () => {
    const suites = await discoverSuites(UPSTREAM);
    expect(suites.map((s) => s.name)).to.deep.equal(['WASI C tests']);
    expect(suites[0]!.version).to.equal('wasm32-wasip1');
  });

  it('turns a .wasm without a .json into "run, expect exit 0"', async () => {
    const [suite] = await discoverSuites(UPSTREAM);
    const t = suite!.tests.find((x) => x.name === 'exit-zero')!;
    expect(t.specPath).to.equal(null);
    expect(t.expect).to.deep.include({ exitCode: 0, trap: false, tap: false });
    expect(t.args).to.deep.equal([]);
    expect(t.env).to.deep.equal({});
  });

  it('mounts "root" as the guest / and each legacy "dirs" entry under its own name', async () => {
    const [suite] = await discoverSuites(UPSTREAM);
    const byName = new Map(suite!.tests.map((t) => [t.name, t]));
    expect(byName.get('cat-data')!.preopens.map((p) => p.guest)).to.deep.equal(['/']);
    expect(byName.get('cat-data-dirs')!.preopens.map((p) => p.guest)).to.deep.equal(['fs-tests.dir']);
    expect(byName.get('cat-data')!.preopens[0]!.host).to.equal(path.join(suite!.dir, 'fs-tests.dir'));
  });

  it('uses the module file name as argv[0] and requires p1 for a wasip1 suite', async () => {
    const [suite] = await discoverSuites(UPSTREAM);
    const t = suite!.tests.find((x) => x.name === 'argv-env')!;
    expect(t.argv0).to.equal('argv-env.wasm');
    expect(t.requires).to.deep.equal(['p1']);
  });

  it('filters by suite and by a regular expression on the test id', async () => {
    const suites = await discoverSuites(path.resolve('test/fixtures'));
    expect(filterTests(suites, { suites: ['harness'] }).every((t) => t.suite === 'harness')).to.equal(true);
    expect(filterTests(suites, { grep: /cat-data/ }).map((t) => t.name)).to.deep.equal(['cat-data', 'cat-data-dirs']);
  });

  it('selects the suites below a name (sockets: every dialect), never a mere prefix', async () => {
    const suites = await discoverSuites(path.resolve('suites'));
    const picked = new Set(filterTests(suites, { suites: ['sockets'] }).map((t) => t.suite));
    expect([...picked].sort()).to.deep.equal(['sockets/backport', 'sockets/standard', 'sockets/wamr', 'sockets/wasmedge']);
    expect(filterTests(suites, { suites: ['sock'] })).to.deep.equal([]);
  });

  it("reads a spec's peer with its defaults, and its socket policy", async () => {
    const suites = await discoverSuites(path.resolve('suites'));
    const t = filterTests(suites, { suites: ['sockets/wamr'], grep: /policy-outside-pool/ })[0]!;
    expect(t.peer).to.include({ transport: 'tcp', family: 'ipv4', role: 'server' });
    expect(t.socketPolicy).to.deep.equal({ addrPool: ['127.0.0.1/32', '::1/128'], allowResolve: [] });
  });
});

describe('bad test input is one line naming the file and the field', () => {
  const cases: [string, Record<string, string | Buffer>, RegExp][] = [
    ['malformed JSON', { 's/manifest.json': '{"name":"s"}', 's/t.json': '{ "args": [', 's/t.wasm': EMPTY_COMMAND }, /t\.json: malformed JSON/],
    ['an unknown field', { 's/manifest.json': '{"name":"s"}', 's/t.json': '{ "exitcode": 1 }', 's/t.wasm': EMPTY_COMMAND }, /t\.json: unknown field "exitcode"/],
    ['a field of the wrong type', { 's/manifest.json': '{"name":"s"}', 's/t.json': '{ "args": "a b" }', 's/t.wasm': EMPTY_COMMAND }, /t\.json: field "args" must be array/],
    ['a negative exit code', { 's/manifest.json': '{"name":"s"}', 's/t.json': '{ "exit_code": -1 }', 's/t.wasm': EMPTY_COMMAND }, /t\.json: field "exit_code" must be >= 0/],
    ['a non-string env value', { 's/manifest.json': '{"name":"s"}', 's/t.json': '{ "env": { "A": 1 } }', 's/t.wasm': EMPTY_COMMAND }, /t\.json: field "env\.A" must be string/],
    ['a missing module', { 's/manifest.json': '{"name":"s"}', 's/t.json': '{}' }, /t\.json: field "module": module t\.wasm not found/],
    ['a missing fixture folder', { 's/manifest.json': '{"name":"s"}', 's/t.json': '{ "root": "nowhere" }', 's/t.wasm': EMPTY_COMMAND }, /t\.json: field "root": fixture folder nowhere not found/],
    ['root and dirs together', { 's/manifest.json': '{"name":"s"}', 's/t.json': '{ "root": ".", "dirs": ["."] }', 's/t.wasm': EMPTY_COMMAND }, /t\.json: fields "root" and "dirs" exclude each other/],
    ['trap with an exit code', { 's/manifest.json': '{"name":"s"}', 's/t.json': '{ "trap": true, "exit_code": 1 }', 's/t.wasm': EMPTY_COMMAND }, /t\.json: fields "trap" and "exit_code"/],
    ['a manifest without a name', { 's/manifest.json': '{"version":"wasm32-wasip1"}', 's/t.wasm': EMPTY_COMMAND }, /manifest\.json: missing field "name"/],
    ['two suites with one name', { 'a/manifest.json': '{"name":"same"}', 'a/t.wasm': EMPTY_COMMAND, 'b/manifest.json': '{"name":"same"}', 'b/t.wasm': EMPTY_COMMAND }, /b\/manifest\.json: suite name "same" is already used/],
    ['a folder with no tests at all', { 'readme.txt': 'nothing here' }, /no manifest\.json and no \.wasm modules found/],
  ];
  for (const [what, files, message] of cases) {
    it(`rejects ${what}`, async () => {
      const tree = scratchTree(files);
      try {
        const err = await inputError(discoverSuites(tree.dir));
        expect(err.message).to.match(message);
      } finally {
        tree.cleanup();
      }
    });
  }

  it('rejects a fixture that cannot be copied (a FIFO inside it)', async () => {
    const tree = scratchTree({ 's/manifest.json': '{"name":"s"}', 's/t.json': '{ "root": "fx" }', 's/t.wasm': EMPTY_COMMAND, 's/fx/ok.txt': 'ok' });
    try {
      execFileSync('mkfifo', [path.join(tree.dir, 's/fx/pipe')]);
      const err = await inputError(discoverSuites(tree.dir));
      expect(err.message).to.match(/t\.json: field "root": fixture entry .*fx\/pipe is not a file, folder or symlink/);
    } finally {
      tree.cleanup();
    }
  });

  it('rejects a folder that does not exist', async () => {
    const err = await inputError(discoverSuites('/nonexistent/wasmcert'));
    expect(err.message).to.equal('/nonexistent/wasmcert: test folder not found');
  });
});
