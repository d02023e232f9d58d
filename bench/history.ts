import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import type { Budget, SectionResult } from './report.js';

/**
 * A short record of past full runs (bench/history.json, committed with the code it measured),
 * so each budget's figure is shown beside the previous run's and a regression is seen at a
 * glance. Keyed by section id and budget name; a budget that is new has no previous figure.
 */

export interface RunRecord {
  startedAt: string;
  machine: string;
  /** `<section id> / <budget name>` → measured. */
  figures: Record<string, number>;
}

const HISTORY_FILE = 'bench/history.json';
/** Enough to see a trend; old runs on other machines say little. */
const KEPT_RUNS = 20;

export const budgetKey = (section: Pick<SectionResult, 'id'>, budget: Pick<Budget, 'name'>) => `${section.id} / ${budget.name}`;

export function readHistory(file = HISTORY_FILE): RunRecord[] {
  if (!existsSync(file)) return [];
  const parsed: unknown = JSON.parse(readFileSync(file, 'utf8'));
  return Array.isArray(parsed) ? (parsed as RunRecord[]) : [];
}

/** The previous run's figure of every budget it had. */
export function previousFigures(history: readonly RunRecord[]): Record<string, number> {
  return history.at(-1)?.figures ?? {};
}

export function appendRun(history: readonly RunRecord[], sections: readonly SectionResult[], meta: { startedAt: string; machine: string }, file = HISTORY_FILE): void {
  const figures = Object.fromEntries(sections.flatMap((section) => section.budgets.map((budget) => [budgetKey(section, budget), budget.measured])));
  const kept = [...history, { ...meta, figures }].slice(-KEPT_RUNS);
  writeFileSync(file, `${JSON.stringify(kept, null, 2)}\n`);
}

/** "+12 %" / "−3 %" / "=": how this run's figure moved from the previous one. */
export function changeFrom(previous: number | undefined, measured: number): string {
  if (previous === undefined) return 'new';
  if (previous === measured) return '=';
  if (previous === 0) return measured > 0 ? `+${measured}` : `${measured}`;
  const percent = ((measured - previous) / Math.abs(previous)) * 100;
  return `${percent > 0 ? '+' : '−'}${Math.abs(percent).toFixed(Math.abs(percent) < 10 ? 1 : 0)} %`;
}
