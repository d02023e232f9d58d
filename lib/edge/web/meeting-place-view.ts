import { isVideoLink, providerMeetingName, type MeetingPlace } from '../../core/domain/meeting-place.js';
import { html, type SafeHtml } from './html.js';

/**
 * "Where" on the guest's pages. A link is shown as a link (it was checked to be https when it
 * was kept); a Meet or Teams link that does not exist yet is described as what it is, never as
 * "in the invitation".
 */

/** `offered`: the booking page, before any event exists; `booked`: the manage page. */
export type MeetingStage = 'offered' | 'booked';

function link(url: string): SafeHtml {
  return isVideoLink(url) ? html`<a href="${url}" rel="noopener noreferrer">${url}</a>` : html`${url}`;
}

export function meetingPlaceHtml(place: MeetingPlace, stage: MeetingStage, host: string): SafeHtml {
  switch (place.kind) {
    case 'place':
      return html`${place.text || 'to be agreed'}`;
    case 'video-link':
      return html`video call at ${link(place.url)}`;
    default: {
      const name = providerMeetingName(place.kind);
      if (place.url) return html`${name} video call: ${link(place.url)}`;
      return stage === 'offered'
        ? html`${name} video call (its link is made when you book)`
        : html`${name} video call (its link is not ready yet: reload this page in a minute, or ask ${host})`;
    }
  }
}
