import { budgetKey, changeFrom } from './history.js';
import { budgetMet, type Chart, type SectionResult } from './report.js';

/** The report as one self-contained HTML page: tables and plain SVG bar charts, no scripts, no CDN. */

const escape = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

function barChart(chart: Chart): string {
  const width = 640;
  const barHeight = 18;
  const gap = 6;
  const labelWidth = 220;
  const max = Math.max(...chart.series.map((s) => s.value), 1e-9);
  const height = chart.series.length * (barHeight + gap) + 30;
  const bars = chart.series
    .map((s, i) => {
      const y = 24 + i * (barHeight + gap);
      const w = Math.max(1, ((width - labelWidth - 90) * s.value) / max);
      return `<text x="${labelWidth - 8}" y="${y + 13}" text-anchor="end">${escape(s.label)}</text><rect x="${labelWidth}" y="${y}" width="${w.toFixed(1)}" height="${barHeight}" fill="#3b6ea8"/><text x="${labelWidth + w + 6}" y="${y + 13}">${escape(String(s.value))} ${escape(chart.unit)}</text>`;
    })
    .join('');
  return `<figure><svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" role="img" aria-label="${escape(chart.title)}" font-family="system-ui, sans-serif" font-size="12"><text x="0" y="14" font-weight="bold">${escape(chart.title)}</text>${bars}</svg></figure>`;
}

/** `previous`: the last recorded run's figure per budget (bench/history.ts), shown beside this run's. */
export function renderHtml(sections: readonly SectionResult[], meta: { startedAt: string; seconds: number; machine: string }, previous: Record<string, number> = {}): string {
  const body = sections
    .map((section) => {
      const figures = section.figures.map((f) => `<tr><th scope="row">${escape(f.label)}</th><td>${escape(f.value)}</td></tr>`).join('');
      const budgets = section.budgets
        .map((b) => {
          const before = previous[budgetKey(section, b)];
          const was = before === undefined ? '—' : `${escape(String(before))} ${escape(b.unit)}`;
          return `<tr class="${budgetMet(b) ? 'ok' : 'miss'}"><td>${escape(b.name)}</td><td>${escape(String(b.measured))} ${escape(b.unit)}</td><td>${was}</td><td>${escape(changeFrom(before, b.measured))}</td><td>${b.kind === 'exact' ? '=' : '≤'} ${escape(String(b.limit))} ${escape(b.unit)}</td><td>${budgetMet(b) ? 'met' : 'MISSED'}</td></tr>`;
        })
        .join('');
      const notes = (section.notes ?? []).map((n) => `<p class="note">${escape(n)}</p>`).join('');
      return `<section><h2>${escape(section.title)}</h2><table>${figures}</table>${
        budgets ? `<table class="budgets"><thead><tr><th>Budget</th><th>This run</th><th>Previous run</th><th>Change</th><th>Limit</th><th></th></tr></thead><tbody>${budgets}</tbody></table>` : ''
      }${(section.charts ?? []).map(barChart).join('')}${notes}</section>`;
    })
    .join('\n');
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Rapport benchmark</title><style>
body{font-family:system-ui,sans-serif;max-width:960px;margin:2rem auto;padding:0 1rem;color:#1d2433}
table{border-collapse:collapse;margin:.5rem 0 1rem;width:100%}th,td{border:1px solid #d0d5dd;padding:.3rem .5rem;text-align:left;font-size:.9rem;vertical-align:top}
th[scope=row]{width:40%;font-weight:normal;color:#475467}.ok td:last-child{color:#0a7a32;font-weight:bold}.miss td:last-child{color:#b42318;font-weight:bold}.note{color:#475467}
</style></head><body><h1>Rapport benchmark</h1><p>Run ${escape(meta.startedAt)}, ${meta.seconds.toFixed(0)} s, on ${escape(meta.machine)}.</p>${body}</body></html>`;
}
