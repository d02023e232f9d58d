import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { AxeBuilder } from '@axe-core/playwright';
import type { Locator, Page } from 'playwright-core';
import { expect } from 'vitest';

/**
 * What every page must pass in Chromium: no sideways scrolling at the width it is shown, its
 * main content on screen, and no serious or critical axe-core violation.
 */

export const PHONE = { width: 375, height: 812 };
export const DESKTOP = { width: 1280, height: 900 };

/**
 * The axe-core of our own package.json (@axe-core/playwright otherwise injects the copy it
 * pins), so the rules that judge the pages are the version we chose and can upgrade.
 */
const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

export interface AxeFinding {
  id: string;
  impact: string;
  help: string;
  /** Selectors of the elements found, for a failure message a person can act on. */
  targets: string[];
}

/** Every violation axe-core finds on the page as it is now. */
export async function axeFindings(page: Page): Promise<AxeFinding[]> {
  const results = await new AxeBuilder({ page, axeSource: AXE_SOURCE }).analyze();
  return results.violations.map((v) => ({ id: v.id, impact: v.impact ?? 'unknown', help: v.help, targets: v.nodes.map((n) => n.target.join(' ')) }));
}

export async function expectNoSeriousAxeViolations(page: Page): Promise<void> {
  const findings = await axeFindings(page);
  expect(findings.filter((f) => f.impact === 'serious' || f.impact === 'critical')).toEqual([]);
}

/** The page is no wider than the window: nothing to scroll sideways to. */
export async function expectNoSidewaysScroll(page: Page): Promise<void> {
  const { scrollWidth, innerWidth } = (await page.evaluate('({ scrollWidth: document.scrollingElement.scrollWidth, innerWidth: window.innerWidth })')) as {
    scrollWidth: number;
    innerWidth: number;
  };
  expect(scrollWidth).toBeLessThanOrEqual(innerWidth);
}

/** The page's heading is shown and its main content lies within the window's width. */
export async function expectMainContentVisible(page: Page): Promise<void> {
  const width = page.viewportSize()!.width;
  await expect(page.locator('main h1').isVisible()).resolves.toBe(true);
  const box = (await page.locator('main').boundingBox())!;
  expect(box.x).toBeGreaterThanOrEqual(0);
  expect(box.x + box.width).toBeLessThanOrEqual(width);
}

/** What the browser computed for one CSS property of an element (or of its `::before`). */
export function computedStyle(element: Locator, property: string, pseudo?: string): Promise<string> {
  // Runs in the page; this project compiles without the DOM's types, hence the local shape.
  type Window = { getComputedStyle(element: unknown, pseudo?: string): { getPropertyValue(name: string): string } };
  return element.evaluate((el, [name, pseudoElement]) => (globalThis as unknown as Window).getComputedStyle(el, pseudoElement).getPropertyValue(name!), [property, pseudo] as const);
}
