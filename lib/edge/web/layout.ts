import { html, trustedConstant, type SafeHtml } from './html.js';

/**
 * The page shell shared by the dashboard and the booking pages: semantic landmarks, a skip
 * link, readable defaults, high-contrast colours (body text ≥ 7:1, links and buttons ≥ 4.5:1)
 * and visible focus rings for keyboard users. No external assets.
 *
 * Nothing may scroll sideways, down to a 320 px phone. A table is shown as a table only when
 * the page has its full width (72rem): the contacts table, a form in every cell, needs nearly
 * all of it. Narrower, every table becomes a stack of cards, one per row, each cell led by its
 * column's name from the cell's `data-label` (the column headers stay in the markup for screen
 * readers, out of sight), and long addresses and links wrap anywhere rather than push the page
 * wider. Below 50rem the page's own padding shrinks too.
 */
const STYLE = `
:root { color-scheme: light; --ink:#1b1f24; --muted:#4a5360; --line:#c9d1da; --accent:#0b5cad; --warn:#8a2500; --bg:#ffffff; --soft:#f3f6f9; }
* { box-sizing: border-box; }
body { margin:0; font: 16px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--ink); background: var(--bg); }
header, main, footer { max-width: 72rem; margin: 0 auto; padding: 1rem 1.25rem; }
header { border-bottom: 1px solid var(--line); display:flex; gap:1.5rem; align-items:baseline; flex-wrap: wrap; }
header .brand { font-weight: 700; font-size: 1.25rem; color: var(--ink); text-decoration: none; }
nav a { margin-right: 1rem; }
a { color: var(--accent); }
a:focus, button:focus, input:focus, select:focus, summary:focus { outline: 3px solid #f5b400; outline-offset: 2px; }
h1 { font-size: 1.6rem; margin: .5rem 0 1rem; }
h2 { font-size: 1.25rem; margin: 2rem 0 .5rem; }
table { border-collapse: collapse; width: 100%; margin: .5rem 0 1rem; }
caption { text-align: left; color: var(--muted); padding: .25rem 0; }
th, td { text-align: left; padding: .4rem .5rem; border-bottom: 1px solid var(--line); vertical-align: top; }
th { background: var(--soft); font-weight: 600; }
.muted { color: var(--muted); }
.reason { font-size: .9rem; color: var(--muted); }
.counted { color: #0a6b2e; font-weight: 600; }
.excluded { color: var(--warn); font-weight: 600; }
.card { border: 1px solid var(--line); border-radius: .5rem; padding: .75rem 1rem; margin: .5rem 0; background: var(--soft); }
form.inline { display: inline-flex; gap: .35rem; align-items: center; flex-wrap: wrap; margin: .15rem 0; }
button { font: inherit; padding: .3rem .7rem; border-radius: .35rem; border: 1px solid var(--accent); background: var(--accent); color: #fff; cursor: pointer; }
button.secondary { background: #fff; color: var(--accent); }
input, select { font: inherit; padding: .25rem .4rem; border: 1px solid #7a8694; border-radius: .3rem; }
.error { border-left: 4px solid var(--warn); padding: .5rem 1rem; background: #fff4ef; }
.visually-hidden { position:absolute; width:1px; height:1px; overflow:hidden; clip: rect(0 0 0 0); white-space: nowrap; }
fieldset { border: 1px solid var(--line); border-radius: .5rem; margin: 1rem 0; padding: .5rem 1rem 1rem; }
legend { font-weight: 600; padding: 0 .25rem; }
.choice { display: flex; gap: .6rem; align-items: center; padding: .45rem .25rem; }
.choice input { width: 1.2rem; height: 1.2rem; margin: 0; }
.field { margin: .75rem 0; } .field label { display: block; font-weight: 600; } .field > span.muted { display: block; }
button[disabled] { opacity: .6; cursor: progress; }
.skip { position:absolute; left:-999px; } .skip:focus { left: 1rem; top: .5rem; background:#fff; padding:.25rem .5rem; }
body { overflow-wrap: break-word; }
form.filters { display: flex; flex-wrap: wrap; gap: .5rem 1.25rem; align-items: flex-end; margin: .5rem 0 1rem; }
form.filters label:not(.check) { display: block; font-weight: 600; }
.check { display: inline-flex; gap: .4rem; align-items: center; margin-right: 1rem; }
ul.plain, ol.plain { list-style: none; padding-left: 0; }
input, select, textarea { max-width: 100%; }
form.inline { max-width: 100%; } form.inline > * { min-width: 0; }
fieldset { min-width: 0; }
code, td a, td .muted { overflow-wrap: anywhere; }
@media (max-width: 50rem) {
  header, main, footer { padding: .75rem; }
  nav a { display: inline-block; margin: .15rem .9rem .15rem 0; }
}
@media (max-width: 72rem) {
  table, thead, tbody, tr, th, td, caption { display: block; }
  thead { position:absolute; width:1px; height:1px; overflow:hidden; clip: rect(0 0 0 0); white-space: nowrap; }
  tr { border: 1px solid var(--line); border-radius: .5rem; margin: .6rem 0; padding: .35rem .6rem; }
  td { border: 0; padding: .25rem 0; overflow-wrap: anywhere; }
  td[data-label]::before { content: attr(data-label); display: block; font-size: .85rem; font-weight: 600; color: var(--muted); }
  .card { overflow-wrap: anywhere; }
}
`;

export interface PageOptions {
  title: string;
  body: SafeHtml;
  /** Navigation shown in the header (dashboard pages); booking pages show none. */
  nav?: SafeHtml;
  /** Inline script allowed by the page's CSP nonce (booking page time-zone detection). */
  script?: { nonce: string; source: string };
  /** Booking pages are for guests: the brand is plain text, never a link into the user's dashboard. */
  guest?: boolean;
}

export function page(options: PageOptions): SafeHtml {
  const script = options.script ? html`<script nonce="${options.script.nonce}">${trustedConstant(options.script.source)}</script>` : '';
  return html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${options.title} · Rapport</title>
<style>${trustedConstant(STYLE)}</style>
</head>
<body>
<a class="skip" href="#main">Skip to content</a>
<header>${options.guest ? html`<span class="brand">Rapport</span>` : html`<a class="brand" href="/app">Rapport</a>`}${options.nav ?? ''}</header>
<main id="main">
${options.body}
</main>
${script}
</body>
</html>`;
}

export function errorPage(status: number, message: string): SafeHtml {
  const title = status === 401 ? 'Sign in first' : status === 404 ? 'Not found' : status === 410 ? 'No longer available' : status >= 500 ? 'Something went wrong' : 'That did not work';
  const onward = status === 401 ? html`<a href="/signin">Sign in</a>` : html`<a href="/app">Back to the dashboard</a>`;
  return page({
    title,
    body: html`<h1>${title}</h1><p class="error" role="alert">${message}</p><p>${onward}</p>`,
  });
}
