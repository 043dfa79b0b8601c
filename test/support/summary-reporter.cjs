// Mocha's spec output, closed by the plain line CI reads: "N passed, N failed, N skipped".
// Under test/support/run-mocha.mjs it also reports the failure count to the supervisor,
// and, should the process not exit soon after, says which handles are keeping it alive.
const Mocha = require('mocha');

const LINGER_REPORT_MS = 10_000;

class SummaryReporter extends Mocha.reporters.Spec {
  constructor(runner, options) {
    super(runner, options);
    runner.once(Mocha.Runner.constants.EVENT_RUN_END, () => {
      const { passes, failures, pending } = runner.stats;
      // after Spec's epilogue, which is also registered on run end
      process.nextTick(() => {
        console.log(`\n${passes} passed, ${failures} failed, ${pending} skipped`);
        process.send?.({ mochaFailures: failures });
        setTimeout(() => {
          process.stderr.write(`still alive ${LINGER_REPORT_MS / 1000} s after the run: ${JSON.stringify(process.getActiveResourcesInfo())}\n`);
        }, LINGER_REPORT_MS).unref();
      });
    });
  }
}

module.exports = SummaryReporter;
