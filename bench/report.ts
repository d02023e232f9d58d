/**
 * What every benchmark section returns: its measurements and the budgets they are held to.
 * The runner prints them, writes bench/report.json and bench/report.html, and exits non-zero
 * when a budget is missed.
 */

export interface Budget {
  /** What is held to a limit, in words. */
  name: string;
  measured: number;
  limit: number;
  unit: string;
  /** `max`: measured must be ≤ limit; `exact`: measured must equal limit. */
  kind: 'max' | 'exact';
}

export interface Chart {
  title: string;
  unit: string;
  /** Bars (or points when `log` is set), in order. */
  series: { label: string; value: number }[];
}

export interface SectionResult {
  id: string;
  title: string;
  /** Plain figures to show as a table: label → value with unit. */
  figures: { label: string; value: string }[];
  budgets: Budget[];
  charts?: Chart[];
  notes?: string[];
}

export function budgetMet(budget: Budget): boolean {
  return budget.kind === 'exact' ? budget.measured === budget.limit : budget.measured <= budget.limit;
}

export function round(value: number, digits = 2): number {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}
