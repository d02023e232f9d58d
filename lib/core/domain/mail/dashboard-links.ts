/** Absolute links into the dashboard, for emails (a mail client has no base URL). */
export function contactPageUrl(baseUrl: string, email: string): string {
  return `${baseUrl}/app/contacts/${encodeURIComponent(email)}`;
}

export function dashboardUrl(baseUrl: string, section: 'follow-ups' | 'due' | 'proposals' | 'contacts'): string {
  return `${baseUrl}/app#${section}`;
}

export function reviewUrl(baseUrl: string): string {
  return `${baseUrl}/app/review`;
}
