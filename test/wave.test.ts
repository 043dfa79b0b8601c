import { expect } from 'chai';
import { formatWave, parseCall, WaveSyntaxError } from '../adapters/component/jco/wave.ts';

/** The WAVE subset the in-process host reads and prints for `invoke` tests, as Wasmtime does. */
describe('WAVE call expressions (in-process invoke)', () => {
  it('reads strings with escapes, integers, bools, lists, tuples and records', () => {
    expect(parseCall('echo("h\\u{e9}llo \\"q\\" \\\\ \\n")')).to.deep.equal({ name: 'echo', args: ['héllo "q" \\ \n'] });
    expect(parseCall('sum17(1, -2, 3)')).to.deep.equal({ name: 'sum17', args: [1, -2, 3] });
    expect(parseCall('f([1, 2,], (true, false), {first-field: "a", b: [ ]})')).to.deep.equal({
      name: 'f',
      args: [[1, 2], [true, false], { firstField: 'a', b: [] }],
    });
    expect(parseCall('  ping ( )  ')).to.deep.equal({ name: 'ping', args: [] });
  });

  it('refuses what it cannot read, saying where', () => {
    expect(() => parseCall('echo')).to.throw(WaveSyntaxError, /not a call expression/);
    expect(() => parseCall('echo("x"')).to.throw(WaveSyntaxError, /expected , or \)/);
    expect(() => parseCall('echo("x") tail')).to.throw(WaveSyntaxError, /unexpected text after the call/);
    expect(() => parseCall('echo(1.5)')).to.throw(WaveSyntaxError, /expected , or \)/);
    expect(() => parseCall('echo("\\q")')).to.throw(WaveSyntaxError, /unknown escape/);
  });

  it('prints results as wasmtime run --invoke does', () => {
    expect(formatWave('reallocs=1 got=héllo')).to.equal('"reallocs=1 got=héllo"');
    expect(formatWave('a"b\\c\nd\u0001')).to.equal('"a\\"b\\\\c\\nd\\u{1}"');
    expect(formatWave(153)).to.equal('153');
    expect(formatWave(new Uint8Array([1, 2]))).to.equal('[1, 2]');
    expect(formatWave({ firstField: 'x', n: [1, true] })).to.equal('{first-field: "x", n: [1, true]}');
  });
});
