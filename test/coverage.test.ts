import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import { COVERAGE_FILE, renderCoverage } from '../scripts/coverage.ts';

describe('docs/coverage.md', () => {
  it('is what npm run coverage generates from the current guests and tags', async () => {
    expect(readFileSync(COVERAGE_FILE, 'utf8'), 'docs/coverage.md is stale: run npm run coverage').to.equal(await renderCoverage());
  });
});
