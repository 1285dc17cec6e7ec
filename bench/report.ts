/**
 * The benchmark's output: a table on the terminal and the full figures as JSON in
 * `bench/results/<timestamp>.json` (gitignored). Every figure of the app is shown next to the
 * baseline measured beside it in the same run, and as a ratio to it.
 */
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Figures } from './load.ts';
import type { Memory } from './processes.ts';
import { ROOT } from './processes.ts';

/** One app scenario against one baseline. */
export interface Comparison {
  scenario: string;
  baseline: string;
  app: Figures;
  base: Figures;
  /** App req/s ÷ baseline req/s: 1 is as fast as the baseline, 0.5 is half as many requests. */
  throughputRatio: number;
  /** The lowest and highest req/s ratio of the rounds (slices measured side by side): the noise. */
  throughputRatioRange: [number, number];
  /** App p99 ÷ baseline p99: 1 is as quick, 2 is twice the tail latency. */
  p99Ratio: number;
}

export interface Report {
  date: string;
  machine: { cpus: number; cpuModel: string; node: string; platform: string };
  options: Record<string, unknown>;
  database: { dialect: string; location: string; members: number; seedMs: number; seedSummary: string };
  /** Units each compared answer named (the app and the baseline agreed on them). */
  answerSizes: Record<string, number>;
  comparisons: Comparison[];
  memory: { app: Memory | undefined; baseline: Memory | undefined };
  /** Measurements with non-2xx answers or connection errors: their ratios mean little. */
  warnings: string[];
}

/** Builds a comparison of two measured runs. */
export function compare(scenario: string, app: Figures, base: Figures): Comparison {
  const perRound = app.slices.map((rps, i) => rps / (base.slices[i] ?? NaN)).filter(Number.isFinite);
  return {
    scenario,
    baseline: base.label,
    app,
    base,
    throughputRatio: app.requestsPerSecond / base.requestsPerSecond,
    throughputRatioRange: [Math.min(...perRound), Math.max(...perRound)],
    p99Ratio: app.p99Ms / Math.max(base.p99Ms, 0.001),
  };
}

/** The machine the run happened on, for the record. */
export function machine(): Report['machine'] {
  const cpus = os.cpus();
  return {
    cpus: cpus.length,
    cpuModel: cpus[0]?.model.trim() ?? 'unknown',
    node: process.version,
    platform: `${os.platform()} ${os.release()}`,
  };
}

/** Problems in a measurement that make its ratio doubtful. */
export function problemsOf(label: string, figures: Figures): string[] {
  const problems: string[] = [];
  if (figures.non2xx > 0) problems.push(`${label}: ${figures.non2xx} of ${figures.requests} answers were not 2xx`);
  if (figures.errors > 0) problems.push(`${label}: ${figures.errors} connection errors or timeouts`);
  if (figures.requests === 0) problems.push(`${label}: no request completed`);
  return problems;
}

const num = (value: number, digits = 0) =>
  value.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });

function table(rows: string[][]): string {
  const widths = rows[0]!.map((_, column) => Math.max(...rows.map((row) => row[column]!.length)));
  // Text columns left, figures right.
  const line = (row: string[]) =>
    row.map((cell, i) => (i < 2 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!))).join('  ');
  return [line(rows[0]!), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.slice(1).map(line)].join('\n');
}

/** The report as text for the terminal. */
export function formatReport(report: Report): string {
  const header = ['scenario', 'baseline', 'req/s', 'p50 ms', 'p99 ms', 'base req/s', 'base p50', 'base p99'];
  const rows = report.comparisons.map((c) => [
    c.scenario,
    c.baseline,
    num(c.app.requestsPerSecond),
    num(c.app.p50Ms, 1),
    num(c.app.p99Ms, 1),
    num(c.base.requestsPerSecond),
    num(c.base.p50Ms, 1),
    num(c.base.p99Ms, 1),
  ]);
  const ratios = report.comparisons.map((c) => [
    c.scenario,
    c.baseline,
    `${num(c.throughputRatio, 2)}×`,
    `${num(c.throughputRatioRange[0], 2)}–${num(c.throughputRatioRange[1], 2)}`,
    `${num(c.p99Ratio, 2)}×`,
  ]);
  const memory = (name: string, m: Memory | undefined) =>
    m ? `${name} RSS ${num(m.rssMiB, 1)} MiB (peak ${num(m.peakMiB, 1)} MiB)` : `${name} RSS unavailable`;
  const { database: db, options } = report;
  return [
    `Rotes Netz benchmark — ${report.date}, ${report.machine.cpus} × ${report.machine.cpuModel}, Node ${report.machine.node}`,
    `${db.dialect} (${db.members.toLocaleString('en-US')} members, seed command ran ${num(db.seedMs / 1000, 1)} s); ` +
      `${String(options.connections)} connections, ${String(options.durationS)} s per measurement after ` +
      `${String(options.warmupS)} s warm-up, interleaved in ${String(options.rounds)} rounds`,
    '',
    table([header, ...rows]),
    '',
    'Ratios (app ÷ baseline, same run): req/s below 1 = fewer requests than the baseline; p99 above 1 = slower tail.',
    '',
    table([['scenario', 'baseline', 'req/s ratio', 'per round', 'p99 ratio'], ...ratios]),
    '',
    `${memory('server', report.memory.app)}; ${memory('baseline', report.memory.baseline)}`,
    ...(report.warnings.length ? ['', 'Warnings:', ...report.warnings.map((w) => `  - ${w}`)] : []),
  ].join('\n');
}

/** Writes the report to `bench/results/<timestamp>.json` and returns the path. */
export async function writeReport(report: Report): Promise<string> {
  const dir = path.join(ROOT, 'bench', 'results');
  await fs.mkdir(dir, { recursive: true });
  const file = path.join(dir, `${report.date.replace(/[:.]/g, '-')}.json`);
  await fs.writeFile(file, `${JSON.stringify(report, null, 2)}\n`);
  return file;
}
