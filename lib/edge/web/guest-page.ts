import { html, SafeHtml } from './html.js';
import { page } from './layout.js';
import { listedZones, slotLabel, zoneNameAt } from './guest-time.js';
import type { GuestZone } from './guest-zone.js';

/**
 * The parts every guest page shares: the shell (no dashboard links), the error page, the
 * time-zone picker and the list of times as radio buttons. Untrusted text only ever goes
 * through `html` interpolation.
 */

/**
 * Without `tz` in the URL the server cannot know the guest's zone, so it renders in the
 * host's; with JavaScript the browser tells us once and the page reloads in the guest's zone.
 * `replace` keeps the zone-less URL out of the history, so Back does not bounce.
 */
const DETECT_ZONE = `(function () {
  var url = new URL(location.href);
  if (url.searchParams.has('tz')) return;
  var zone = '';
  try { zone = Intl.DateTimeFormat().resolvedOptions().timeZone || ''; } catch (e) { return; }
  if (!zone) return;
  url.searchParams.set('tz', zone);
  location.replace(url.href);
})();`;

/** A double click on "Book" would send two bookings; the second would only be told the link is used. */
const ONE_SUBMIT = `(function () {
  document.querySelectorAll('form[method="post"]').forEach(function (form) {
    form.addEventListener('submit', function () {
      var button = form.querySelector('button[type="submit"]');
      if (button) setTimeout(function () { button.disabled = true; }, 0);
    });
  });
  // Back from the next page restores this one from the cache with its buttons still disabled.
  window.addEventListener('pageshow', function () {
    document.querySelectorAll('button[disabled]').forEach(function (b) { b.disabled = false; });
  });
})();`;

export interface GuestShell {
  /** The response's CSP nonce (see securityHeaders). */
  nonce: string;
  /** True on a GET whose URL has no `tz`: the browser is asked for its zone. */
  detectZone: boolean;
}

export function guestPage(title: string, body: SafeHtml, shell: GuestShell): SafeHtml {
  const source = shell.detectZone ? `${DETECT_ZONE}\n${ONE_SUBMIT}` : ONE_SUBMIT;
  return page({ title, body, guest: true, script: { nonce: shell.nonce, source } });
}

const TITLES: Record<number, string> = {
  400: 'That did not work',
  403: 'Please reload the page',
  404: 'Link not found',
  409: 'That time was just taken',
  410: 'This link can no longer be used',
  413: 'That was too much',
};

/** A guest's error: a heading and the human sentence, never a trace, and no link into the dashboard. */
export function guestErrorPage(status: number, message: string): SafeHtml {
  const title = TITLES[status] ?? (status >= 500 ? 'Something went wrong' : 'That did not work');
  return page({ title, guest: true, body: html`<h1>${title}</h1><p class="error" role="alert">${message}</p>` });
}

export function notices(notice: string | undefined, error: string | undefined): SafeHtml {
  return html`${notice ? html`<p class="card" role="status">${notice}</p>` : ''}${error ? html`<p class="error" role="alert">${error}</p>` : ''}`;
}

function zoneOption(zone: string, selected: boolean): SafeHtml {
  return html`<option value="${zone}"${selected ? html` selected` : ''}>${zone.replaceAll('_', ' ')}</option>`;
}

interface ListedOptions {
  zones: readonly string[];
  /** Where each zone's option starts in `markup`, and (last) where the markup ends. */
  offsets: readonly number[];
  markup: string;
}

let listedOptions: ListedOptions | undefined;

function renderListedOptions(): ListedOptions {
  const zones = listedZones();
  const rendered = zones.map((z) => zoneOption(z, false).value);
  const offsets = [0];
  for (const option of rendered) offsets.push(offsets[offsets.length - 1]! + option.length);
  return { zones, offsets, markup: rendered.join('') };
}

/**
 * The picker's ~420 options. Rendering them cost more than the rest of the page, and only the
 * shown zone differs between views: the list is rendered once per process, and a view marks
 * its zone in it, or inserts it in sort order when the runtime does not list it (ICU lists
 * Asia/Calcutta, not Asia/Kolkata), as zoneChoices does.
 */
function zoneOptions(shown: string): SafeHtml {
  const { zones, offsets, markup } = (listedOptions ??= renderListedOptions());
  let i = 0;
  while (i < zones.length && zones[i]! < shown) i++;
  const replaced = zones[i] === shown ? 1 : 0;
  // Every part was rendered by `html`: joining them escapes nothing anew.
  return new SafeHtml(markup.slice(0, offsets[i]) + zoneOption(shown, true).value + markup.slice(offsets[i + replaced]));
}

/** A GET form: works without JavaScript, and the chosen zone ends up in the URL (bookmarkable). */
export function zonePicker(path: string, zone: GuestZone, hostZone: string, at: string): SafeHtml {
  const options = zoneOptions(zone.zone);
  const which = zone.chosen
    ? html`Times are shown in <strong>${zoneNameAt(at, zone.zone)}</strong> (${zone.zone}).`
    : html`Times are shown in <strong>${zoneNameAt(at, hostZone)}</strong> (${hostZone}), your host’s time zone. If yours is different, pick it here.`;
  return html`<form method="get" action="${path}" class="inline" aria-describedby="zone-shown">
<label for="tz">Your time zone</label> <select id="tz" name="tz">${options}</select>
<button type="submit" class="secondary">Show times in this zone</button></form>
<p id="zone-shown" class="muted">${which}</p>`;
}

/** One radio per time, labelled in the guest's zone; the value is the exact instant. */
export function timeChoices(legend: string, slots: readonly { start: string; end: string }[], zone: string, checked?: string): SafeHtml {
  const items = slots.map(
    (slot, i) => html`<div class="choice"><input type="radio" id="time-${i}" name="start" value="${slot.start}" required${slot.start === checked ? html` checked` : ''}>
<label for="time-${i}">${slotLabel(slot, zone)}</label></div>`,
  );
  return html`<fieldset><legend>${legend}</legend>${items}</fieldset>`;
}
