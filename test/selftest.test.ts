import { expect } from 'chai';
import { MUTANTS } from '../adapters/host/mutants.ts';
import { runSelftest } from '../scripts/selftest.ts';

/** The P1, socket, HAL and component-model suites must tell every deliberately broken in-process host from the real one. */
describe('self-test: the suites catch every mutant host', function () {
  this.timeout(900_000);

  it('has at least 20 mutants, and each is caught by at least one test', async () => {
    expect(Object.values(MUTANTS).filter((m) => m.suite === 'p1').length).to.be.at.least(20);
    expect(Object.values(MUTANTS).filter((m) => m.suite === 'sockets').length).to.be.at.least(5);
    expect(Object.values(MUTANTS).filter((m) => m.suite === 'hal').length).to.be.at.least(5);
    expect(Object.values(MUTANTS).filter((m) => m.suite === 'component-model/count').length).to.be.at.least(2);
    const { mutants } = await runSelftest();
    for (const m of mutants) console.log(`      ${m.mutant}: caught by ${m.caughtBy.length} test(s)${m.caughtBy[0] ? `, e.g. ${m.caughtBy[0].id} (${m.caughtBy[0].baseline} → ${m.caughtBy[0].mutant})` : ''}`);
    expect(mutants.filter((m) => m.caughtBy.length === 0).map((m) => `${m.mutant}: ${m.breaks}`)).to.deep.equal([]);
    // each mutant ran on its own suite only
    for (const m of mutants) expect(m.caughtBy.every((c) => c.id.startsWith(`${MUTANTS[m.mutant]!.suite}/`)), m.mutant).to.equal(true);
    // the broken component hosts are caught by the count tests, the ones built to see them
    for (const name of ['cm-extra-realloc', 'cm-copy-twice']) {
      const caught = mutants.find((m) => m.mutant === name)!.caughtBy.map((c) => c.id);
      expect(caught.filter((id) => id.startsWith('component-model/count/')), name).to.not.be.empty;
    }
  });
});
