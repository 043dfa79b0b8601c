// Mocha's spec output, closed by the plain line CI reads: "N passed, N failed, N skipped".
const Mocha = require('mocha');

class SummaryReporter extends Mocha.reporters.Spec {
  constructor(runner, options) {
    super(runner, options);
    runner.once(Mocha.Runner.constants.EVENT_RUN_END, () => {
      const { passes, failures, pending } = runner.stats;
      // after Spec's epilogue, which is also registered on run end
      process.nextTick(() => console.log(`\n${passes} passed, ${failures} failed, ${pending} skipped`));
    });
  }
}

module.exports = SummaryReporter;
