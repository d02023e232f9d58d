import { badRequest } from '../http/errors.js';
import { formFields } from '../http/request.js';
import { redirect, type HttpResponse } from '../http/response.js';
import type { IcsCalendar } from '../../services/connect-ics.js';
import { requireCsrf, type AppRoute, type RouteContext } from './route.js';

/**
 * Adding an ICS calendar from the dashboard's Calendars section: by its published address, or
 * as an uploaded .ics file. Both go through the service `rapport import-ics` uses, which reads
 * the calendar once and connects it only if it reads; a refusal is a 400 page saying why.
 */

/**
 * The largest upload: the local server takes bodies up to 6 MB (Lambda's own payload limit),
 * and base64 and the form's boundaries need their share of that.
 */
export const MAX_UPLOAD_BYTES = 4 * 1024 * 1024;

const ADDRESS_MAX_CHARS = 2_000;

/** The routes' own code loads with their first request, as one module (app-pages.ts says why). */
const loadPages = () => import('./app-pages.js');

/** Only web addresses: a path typed here would have the server read its own files. */
function publishedAddressOf(typed: string | undefined): URL {
  const address = (typed ?? '').trim();
  if (address === '') throw badRequest('Give the calendar’s published address (it starts with https:// or webcal://).');
  if (address.length > ADDRESS_MAX_CHARS) throw badRequest(`That address is too long for a calendar (at most ${ADDRESS_MAX_CHARS.toLocaleString('en')} characters).`);
  if (!/^(https?|webcals?):\/\//i.test(address)) {
    throw badRequest('A published calendar’s address starts with https://, http:// or webcal://. For a file on your computer, use “Upload a file”.');
  }
  try {
    // webcal:// is a calendar app's name for https:// (the adapter reads it so).
    return new URL(address.replace(/^webcals?/i, 'https'));
  } catch {
    throw badRequest('That is not a valid web address.');
  }
}

async function connect(ctx: RouteContext, calendar: IcsCalendar): Promise<HttpResponse> {
  const { connectIcsCalendar } = await loadPages();
  const added = await connectIcsCalendar(ctx.runtime, ctx.userId, calendar, ctx.now);
  return redirect(`/app?${added.alreadyConnected ? 'calendar-known' : 'calendar-added'}#calendars`);
}

async function postCalendarAddress(ctx: RouteContext): Promise<HttpResponse> {
  const fields = formFields(ctx.event);
  requireCsrf(ctx, fields);
  const typed = (fields.url ?? '').trim();
  const url = publishedAddressOf(typed);
  // The label shows the host only: a feed's path is often its secret (Google's "secret address").
  return connect(ctx, { kind: 'address', location: typed, label: `Published calendar at ${url.host}` });
}

async function postCalendarFile(ctx: RouteContext): Promise<HttpResponse> {
  const tooLarge = `The file is larger than the ${MAX_UPLOAD_BYTES / (1024 * 1024)} MB limit for an uploaded calendar. Publish the calendar and add its address instead.`;
  const { multipartForm } = await loadPages();
  const form = await multipartForm(ctx.event, { maxBytes: MAX_UPLOAD_BYTES, tooLarge });
  requireCsrf(ctx, form.fields);
  const file = form.files.file;
  if (!file || file.bytes.length === 0) throw badRequest('Choose an .ics file to upload.');
  const name = file.name.trim().slice(0, 100) || 'calendar.ics';
  return connect(ctx, { kind: 'upload', bytes: file.bytes, label: `Uploaded file ${name}` });
}

export const icsRoutes: AppRoute[] = [
  { method: 'POST', path: /^\/app\/calendars\/address$/, run: postCalendarAddress },
  { method: 'POST', path: /^\/app\/calendars\/upload$/, run: postCalendarFile },
];
