import { coffeeSettingsOf, type UserSettings } from '../../core/domain/settings.js';
import { html, type SafeHtml } from './html.js';
import { page } from './layout.js';
import { formatCoffeeWindow, WEEKDAYS, type CoffeeSettings } from '../../core/domain/coffee.js';
import { FOLLOW_UP_MAIL_HOUR } from '../../core/domain/mail/mail-schedule.js';
import { mailSettingsOf } from '../../core/domain/mail/mail-settings.js';
import { meetingKindOf, type MeetingKind } from '../../core/domain/meeting-place.js';

/** The settings page: who you are, your zone, and your coffee rules. */

function numberInput(name: string, label: string, value: number, hint: string): SafeHtml {
  return html`<p><label for="${name}">${label}</label><br><input id="${name}" name="${name}" type="number" inputmode="numeric" value="${value}" aria-describedby="${name}-hint"> <span id="${name}-hint" class="muted">${hint}</span></p>`;
}

function checkbox(name: string, label: string, checked: boolean): SafeHtml {
  return html`<p><input type="checkbox" id="${name}" name="${name}"${checked ? html` checked` : ''}> <label for="${name}">${label}</label></p>`;
}

const WEEKDAY_NAMES: Record<(typeof WEEKDAYS)[number], string> = { mon: 'Monday', tue: 'Tuesday', wed: 'Wednesday', thu: 'Thursday', fri: 'Friday', sat: 'Saturday', sun: 'Sunday' };

function mailFieldset(settings: UserSettings): SafeHtml {
  const mail = mailSettingsOf(settings);
  const days = WEEKDAYS.map((d) => html`<option value="${d}"${d === mail.digestWeekday ? html` selected` : ''}>${WEEKDAY_NAMES[d]}</option>`);
  return html`<fieldset><legend>Email</legend>
<input type="hidden" name="mailFields" value="1">
${checkbox('digest', 'Email me the weekly review', mail.digest)}
<p><label for="digestWeekday">Weekly review on</label> <select id="digestWeekday" name="digestWeekday">${days}</select>
<label for="digestHour">at</label> <input id="digestHour" name="digestHour" type="number" min="0" max="23" inputmode="numeric" size="3" value="${mail.digestHour}"> <span class="muted">o’clock, your time</span></p>
${checkbox('followUpMail', `Email me at ${String(FOLLOW_UP_MAIL_HOUR).padStart(2, '0')}:00 the morning after I meet new people`, mail.followUpMail)}
${checkbox('autoSendLink', 'Email the booking link to the contact as soon as a coffee is proposed', mail.autoSendLink)}
</fieldset>`;
}

const MEETING_CHOICES: readonly [MeetingKind, string][] = [
  ['place', 'A place (an address, a café)'],
  ['video-link', 'My own video link'],
  ['google-meet', 'A new Google Meet link for each coffee (Google Calendar)'],
  ['teams', 'A new Teams meeting for each coffee (Outlook / Microsoft 365)'],
];

function whereFields(coffee: CoffeeSettings): SafeHtml {
  const kind = meetingKindOf(coffee);
  const options = MEETING_CHOICES.map(([value, label]) => html`<option value="${value}"${value === kind ? html` selected` : ''}>${label}</option>`);
  return html`<p><label for="meeting">Where</label><br><select id="meeting" name="meeting" aria-describedby="meeting-hint">${options}</select>
<br><span id="meeting-hint" class="muted">Google Meet and Teams links are made by the calendar your coffees go to, so each needs that calendar connected.</span></p>
<p><label for="location">Place or video link</label><br><input id="location" name="location" size="50" value="${coffee.location}" aria-describedby="location-hint"> <span id="location-hint" class="muted">For a place, its address (empty: to be agreed); for your own video link, the https:// address. The guest sees it.</span></p>`;
}

export function renderSettings(settings: UserSettings, csrfToken: string, zones: readonly string[], notice?: string): SafeHtml {
  const coffee = coffeeSettingsOf(settings);
  const zoneOptions = zones.map((z) => html`<option value="${z}"${z === settings.timeZone ? html` selected` : ''}>${z}</option>`);
  const body = html`<h1>Settings</h1>
${notice ? html`<p class="card" role="status">${notice}</p>` : ''}
<form method="post" action="/app/settings">
<input type="hidden" name="csrf" value="${csrfToken}">
<fieldset><legend>You</legend>
<p><label for="displayName">Your name, as guests see it</label><br><input id="displayName" name="displayName" size="40" maxlength="100" autocomplete="name" value="${settings.displayName ?? ''}" aria-describedby="name-hint"> <span id="name-hint" class="muted">On booking pages and invitations; empty: your first address.</span></p>
<p><label for="ownerEmails">Your email addresses</label><br><textarea id="ownerEmails" name="ownerEmails" rows="3" cols="40" aria-describedby="owner-hint">${settings.ownerEmails.join('\n')}</textarea>
<br><span id="owner-hint" class="muted">One per line: every address you are invited on.</span></p>
<p><label for="timeZone">Time zone</label><br><select id="timeZone" name="timeZone">${zoneOptions}</select></p>
</fieldset>
<fieldset><legend>Coffee</legend>
<p><label for="windows">Coffee windows</label><br><textarea id="windows" name="windows" rows="5" cols="30" aria-describedby="windows-hint">${coffee.windows.map(formatCoffeeWindow).join('\n')}</textarea>
<br><span id="windows-hint" class="muted">One per line in your time zone, like <code>tue 08:30-10:00</code>.</span></p>
${numberInput('durationMinutes', 'Duration', coffee.durationMinutes, 'minutes')}
${numberInput('stepMinutes', 'Offer a start every', coffee.stepMinutes, 'minutes')}
${numberInput('bufferBeforeMinutes', 'Free time before', coffee.bufferBeforeMinutes, 'minutes')}
${numberInput('bufferAfterMinutes', 'Free time after', coffee.bufferAfterMinutes, 'minutes')}
${numberInput('minimumNoticeHours', 'Minimum notice', coffee.minimumNoticeHours, 'hours')}
${numberInput('horizonDays', 'Look ahead', coffee.horizonDays, 'days')}
${numberInput('maxPerDay', 'At most per day', coffee.maxPerDay, 'coffees')}
${numberInput('maxPerWeek', 'At most per week', coffee.maxPerWeek, 'coffees')}
${numberInput('optionsPerProposal', 'Times offered per proposal', coffee.optionsPerProposal, 'on different days')}
${numberInput('linkLifetimeDays', 'Booking links last', coffee.linkLifetimeDays, 'days at least; longer when a time is offered later, until that time can no longer be booked')}
${numberInput('proposalHour', 'Propose each morning at', coffee.proposalHour, 'o\u2019clock, your time')}
${whereFields(coffee)}
</fieldset>
${mailFieldset(settings)}
<p><button type="submit">Save settings</button></p>
</form>`;
  return page({ title: 'Settings', body, nav: html`<nav aria-label="Sections"><a href="/app">Dashboard</a><a href="/app/review">Weekly review</a></nav>` });
}
