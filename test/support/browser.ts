import chromium from '@sparticuz/chromium';
import { chromium as playwright, type Browser } from 'playwright-core';

/**
 * Real headless Chromium: the binary ships inside the @sparticuz/chromium npm package (it is
 * unpacked to /tmp on first use), so no browser is downloaded at test time.
 */
export async function launchBrowser(): Promise<Browser> {
  return playwright.launch({
    executablePath: await chromium.executablePath(),
    args: [...chromium.args, '--disable-background-networking', '--disable-component-update', '--no-first-run'],
    headless: true,
  });
}
