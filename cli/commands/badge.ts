import path from 'node:path';
import { badgeContent, badgeStem, endpointBadge, renderBadgeSvg, renderReportHashFile } from '../../report/badge.ts';
import { writeFileAtomic } from '../../report/write.ts';
import { InputError } from '../../runners/input-error.ts';
import { readReportFile } from './compare.ts';
import type { Command } from './index.ts';
import { parseCommandArgs } from './parse-command-args.ts';

const USAGE = `Usage: wasmcert badge REPORT.json [--runtime NAME] [--out-dir DIR]

Writes a status badge per runtime of a canonical report (or only --runtime NAME):
  DIR/wasmcert-<runtime>.svg            static SVG (badge-maker, the shields.io renderer)
  DIR/wasmcert-<runtime>.json           shields.io endpoint JSON: {schemaVersion, label, message, color}
  DIR/wasmcert-<runtime>.report.sha256  sha256 of REPORT.json, in sha256sum -c format
<runtime> has every character other than letters, digits, ".", "_" and "-" replaced by "-".

The message: with a certification for the runtime, "<tier> <RT class> ✓ <profile version>
until <date>" (green) or "not certified" (red), the profile id in the label; without one,
"<pass>/<total> P1" (green: all passed; yellow: only skips and expected failures besides;
red: any fail, error or xpass).

The SVG carries the report's sha256 in an XML comment. The endpoint JSON cannot (shields.io
rejects unknown keys), so the .report.sha256 file beside it does.

Options:
  --runtime NAME   only this runtime's badge
  --out-dir DIR    where to write (default: the folder of REPORT.json)
  -h, --help       show this text

Exit codes: 0 written, 2 bad usage or bad input.`;

const command: Command = {
  summary: 'write an SVG badge and a shields.io endpoint JSON per runtime',
  usage: USAGE,
  async run(argv) {
    const args = parseCommandArgs(argv, { runtime: { type: 'string' }, 'out-dir': { type: 'string' } }, USAGE, { count: 1, missing: 'badge needs a REPORT.json (wasmcert badge REPORT.json [--runtime NAME] [--out-dir DIR])' });
    if (!args) return 0;
    const { values, positionals } = args;
    if (values['out-dir'] === '') throw new InputError('--out-dir', 'needs a folder name');
    if (values.runtime === '') throw new InputError('--runtime', 'needs a runtime name');
    const file = positionals[0]!;
    const { report, sha256 } = await readReportFile(file);

    const names = report.runtimes.map((r) => r.name);
    if (values.runtime !== undefined && !names.includes(values.runtime)) {
      throw new InputError('--runtime', `no runtime "${values.runtime}" in ${file} (found: ${names.join(', ')})`);
    }
    const selected = values.runtime !== undefined ? [values.runtime] : names;
    const stems = new Map<string, string>();
    for (const name of selected) {
      const stem = badgeStem(name);
      const clash = stems.get(stem);
      if (clash !== undefined) throw new InputError(file, `runtimes "${clash}" and "${name}" would share the badge file name ${stem}; pick one with --runtime`);
      stems.set(stem, name);
    }

    const dir = values['out-dir'] ?? path.dirname(file);
    for (const [stem, name] of stems) {
      const content = badgeContent(report, name);
      const base = path.join(dir, stem);
      await writeFileAtomic(`${base}.report.sha256`, renderReportHashFile(sha256, path.basename(file)));
      await writeFileAtomic(`${base}.svg`, renderBadgeSvg(content, sha256));
      await writeFileAtomic(`${base}.json`, `${JSON.stringify(endpointBadge(content), null, 2)}\n`);
      process.stdout.write(`${name}: "${content.label} | ${content.message}" (${content.color}) → ${base}.svg, ${base}.json, ${base}.report.sha256\n`);
    }
    return 0;
  },
};

export default command;
