import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import { parseBoard, loadBoard } from '../adapters/host/hal/board.ts';
import { BoardClock } from '../adapters/host/hal/clock.ts';
import { Gpio } from '../adapters/host/hal/gpio-pins.ts';
import { I2cBus } from '../adapters/host/hal/i2c-bus.ts';
import { SpiDevice } from '../adapters/host/hal/spi-bus.ts';
import { Trace } from '../adapters/host/hal/trace.ts';
import { halTraceSteps } from '../runners/judge.ts';

const BOARD = 'suites/hal/boards/standard.json';

function setup() {
  const board = loadBoard(BOARD);
  const clock = new BoardClock(performance.now() + 60_000);
  const trace = new Trace();
  return { board, clock, trace };
}

describe('HAL simulator (docs/hal.md)', () => {
  it('validates the standard board and refuses unknown fields and bad addresses', () => {
    expect(() => loadBoard(BOARD)).not.to.throw();
    const good = JSON.parse(readFileSync(BOARD, 'utf8'));
    expect(() => parseBoard(JSON.stringify({ ...good, extra: 1 }), 'x.json')).to.throw(/must NOT have additional properties/);
    const bad = structuredClone(good);
    bad.i2c[0].devices[0].address = 200;
    expect(() => parseBoard(JSON.stringify(bad), 'x.json')).to.throw(/address/);
    const noSize = structuredClone(good);
    delete noSize.i2c[0].devices[1].size;
    expect(() => parseBoard(JSON.stringify(noSize), 'x.json')).to.throw(/size/);
  });

  it('frames an I2C write-read with one repeated START and no STOP between, and NACKs the last read byte', () => {
    const { board, clock, trace } = setup();
    const bus = new I2cBus('i2c0', board.i2c![0]!.devices, clock, trace);
    const r = bus.run(0x48, [{ write: new Uint8Array([0x00]) }, { read: 2 }]);
    expect(r).to.deep.equal({ ok: [new Uint8Array([0x19, 0x40])] });
    expect(trace.lines).to.deep.equal(['i2c0: S 48W A 00 A Sr 48R A 19 A 40 N P']);
  });

  it('NACKs an absent address as no-acknowledge(address), and a busy EEPROM until tWR has passed in board time', () => {
    const { board, clock, trace } = setup();
    const bus = new I2cBus('i2c0', board.i2c![0]!.devices, clock, trace);
    expect(bus.run(0x23, [{ read: 1 }])).to.deep.equal({ err: { code: 2, source: 0 } });
    expect(bus.run(0x50, [{ write: new Uint8Array([0, 0, 0xaa]) }])).to.deep.equal({ ok: [] });
    expect(bus.run(0x50, [{ write: new Uint8Array([]) }])).to.deep.equal({ err: { code: 2, source: 0 } });
    clock.advanceTo(5_000_000n);
    expect(bus.run(0x50, [{ write: new Uint8Array([0, 0]) }, { read: 1 }])).to.deep.equal({ ok: [new Uint8Array([0xaa])] });
    expect(trace.lines.slice(-2)).to.deep.equal(['i2c0: S 50W N P', 'i2c0: S 50W A 00 A 00 A Sr 50R A AA N P']);
  });

  it('SPI NOR flash: JEDEC ID in one CS frame; page program needs WEL and sets BUSY for program_time_ns', () => {
    const { board, clock, trace } = setup();
    const flash = new SpiDevice('spi0.flash', board.spi![0]!.devices[0]!, clock, trace);
    expect(flash.run([{ write: new Uint8Array([0x9f]) }, { read: 3 }])).to.deep.equal([null, new Uint8Array([0xef, 0x40, 0x18])]);
    expect(trace.lines[0]).to.equal('spi0.flash: CS0 9F/00 00/EF 00/40 00/18 CS1');
    flash.run([{ write: new Uint8Array([0x02, 0, 1, 0, 0x11]) }]); // no WEL: ignored
    flash.run([{ write: new Uint8Array([0x06]) }]);
    flash.run([{ write: new Uint8Array([0x02, 0, 1, 0, 0x22]) }]);
    expect(flash.run([{ transfer: new Uint8Array([0x05, 0]) }])![0]).to.deep.equal(new Uint8Array([0, 1]));
    clock.advanceTo(700_000n);
    expect(flash.run([{ write: new Uint8Array([0x03, 0, 1, 0]) }, { read: 1 }])![1]).to.deep.equal(new Uint8Array([0x22]));
  });

  it('GPIO: an active-low output drives its wire low when active; a rising-edge watch on a high pin waits for low then high', () => {
    const { board, clock, trace } = setup();
    const gpio = new Gpio(board.gpio, clock, trace);
    expect(gpio.open('nled', 'out')).to.equal(0);
    expect(gpio.open('nled-sense', 'in')).to.equal(0);
    gpio.drive('nled', true);
    expect(gpio.level('nled-sense')).to.equal(0);
    expect(gpio.active('nled-sense')).to.equal(false);
    expect(gpio.open('secure', 'in')).to.equal(2);
    expect(gpio.open('nope', 'in')).to.equal(4);
    expect(gpio.open('led-sense', 'out')).to.equal(3);
    expect(gpio.open('nled', 'out')).to.equal(1);
    expect(gpio.open('button', 'in')).to.equal(0);
    const w = gpio.watch('button', 'rising');
    expect(w.fired).to.equal(false);
    clock.advanceTo(15_000_000n);
    expect(w.fired).to.equal(false);
    clock.advanceTo(gpio.nextEvent()!);
    expect(w.fired).to.equal(true);
    expect(trace.lines).to.include('gpio: button=1 @20000000ns');
  });

  it('turns expected trace lines into assertions that must match in order', () => {
    const trace = 'a\nb\nc\n';
    expect(halTraceSteps(['a', 'c'], trace).map((s) => s.ok)).to.deep.equal([true, true]);
    expect(halTraceSteps(['c', 'a'], trace).map((s) => s.ok)).to.deep.equal([true, false]);
    expect(halTraceSteps(['x'], null)[0]).to.deep.include({ ok: false });
  });
});
