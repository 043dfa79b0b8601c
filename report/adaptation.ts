import { conforms } from './matrix.ts';
import type { Report } from './types.ts';

export interface AdaptationChange {
  runtime: string;
  /** The test's name in both suites. */
  name: string;
  original: { id: string; verdict: string };
  adapted: { id: string; verdict: string; message?: string };
}

/**
 * For each adapting suite in the report (docs/component-model.md) and each runtime that
 * ran both it and the suite it adapts: the tests whose conformance changed when the P1
 * module ran as a component. This is what a device maker re-packaging P1 apps must know.
 */
export function adaptationChanges(report: Report): { compared: number; changes: AdaptationChange[] } {
  const byId = new Map(report.results.map((r) => [`${r.runtime}\u0000${r.id}`, r]));
  const changes: AdaptationChange[] = [];
  let compared = 0;
  for (const suite of report.suites.filter((s) => s.adapts)) {
    for (const adapted of report.results.filter((r) => r.suite === suite.name && r.status !== 'skip')) {
      const original = byId.get(`${adapted.runtime}\u0000${suite.adapts}/${adapted.name}`);
      if (!original || original.status === 'skip') continue;
      compared++;
      const [was, now] = [conforms(original), conforms(adapted)];
      if (was !== now) {
        changes.push({
          runtime: adapted.runtime,
          name: adapted.name,
          original: { id: original.id, verdict: was },
          adapted: { id: adapted.id, verdict: now, ...(adapted.message ? { message: adapted.message } : {}) },
        });
      }
    }
  }
  return { compared, changes };
}

/** The summary's lines: nothing unless some runtime ran both suites. */
export function renderAdaptationChanges(report: Report): string[] {
  const { compared, changes } = adaptationChanges(report);
  if (!compared) return [];
  if (!changes.length) return [`As components, all ${compared} adapted tests keep their P1 verdict.`];
  return [
    `As components, ${changes.length} of ${compared} adapted tests change verdict:`,
    ...changes.map((c) => `  ${c.name} [${c.runtime}]: ${c.original.verdict} → ${c.adapted.verdict}${c.adapted.message ? ` (${c.adapted.message.slice(0, 120)})` : ''}`),
  ];
}
