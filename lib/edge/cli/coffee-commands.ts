import { parseArgs } from 'node:util';
import { formatLocal } from '../../core/domain/time.js';
import { ensureSampleSetup, openLocalWorld } from '../../local/local-runtime.js';
import { bookingDepsOf } from '../../services/deps.js';
import { proposeForUser } from '../../services/propose.js';
import { reviewJson, weeklyReview } from '../../services/review.js';
import { CliError } from './errors.js';
import type { CliContext } from './local-commands.js';

/** `rapport propose` and `rapport review` on the local store under the data folder. */

async function withLocal<T>(ctx: CliContext, run: (world: Awaited<ReturnType<typeof openLocalWorld>>) => Promise<T>): Promise<T> {
  const world = await openLocalWorld({ dataDir: ctx.dataDir, baseUrl: ctx.baseUrl, overrides: ctx.overrides });
  try {
    await ensureSampleSetup(world, world.runtime.now());
    return await run(world);
  } finally {
    await world.close();
  }
}

/** `rapport propose [--json]`: one proposal run now (what the morning schedule does). */
export async function runPropose(argv: string[], ctx: CliContext): Promise<void> {
  const { values } = parseArgs({ args: argv, options: { json: { type: 'boolean', default: false } } });
  await withLocal(ctx, async ({ runtime }) => {
    const report = await proposeForUser(bookingDepsOf(runtime), runtime.config.localUserId, runtime.now());
    if (values.json) return ctx.out(JSON.stringify(report, null, 2));
    const zone = (await runtime.store.profiles.get(runtime.config.localUserId))!.timeZone;
    ctx.out(`${report.created.length} new proposals, ${report.resumed.length} finished, ${report.expired.length} expired.`);
    for (const c of report.created) {
      ctx.out(`  ${c.contactName ?? c.contactEmail} <${c.contactEmail}>: ${c.link}`);
      for (const s of c.slots) ctx.out(`      ${formatLocal(s.start, zone)}`);
    }
    for (const s of report.skipped) ctx.out(`  skipped ${s.contactEmail}: ${s.reason}`);
  });
}

/** `rapport review [--json]`: the weekly review. */
export async function runReview(argv: string[], ctx: CliContext): Promise<void> {
  const { values } = parseArgs({ args: argv, options: { json: { type: 'boolean', default: false } } });
  await withLocal(ctx, async ({ runtime }) => {
    const userId = runtime.config.localUserId;
    const settings = await runtime.store.profiles.get(userId);
    if (!settings) throw new CliError('Rapport has no data here yet: run `npm start` or `npx rapport sync` first.');
    const review = reviewJson(await weeklyReview(runtime.store, userId, settings, runtime.now()));
    if (values.json) return ctx.out(JSON.stringify(review, null, 2));
    const zone = settings.timeZone;
    const line = (label: string, items: string[]) => {
      ctx.out(`${label} (${items.length})`);
      for (const item of items) ctx.out(`  ${item}`);
    };
    line('Due this week', review.dueThisWeek.map((c) => `${c.name ?? c.email} <${c.email}>`));
    line('Waiting for an answer', review.waiting.map((p) => `${p.contactEmail}, link valid until ${formatLocal(p.expiresAt, zone)}`));
    line('Coffees booked', review.booked.map((p) => `${p.contactEmail} at ${formatLocal(p.start, zone)}`));
    line('Followed up this week', review.followedUp.map((c) => `${c.name ?? c.email} <${c.email}>`));
    line('Snoozed', review.snoozed.map((c) => `${c.name ?? c.email} until ${formatLocal(c.snoozedUntil!, zone)}`));
  });
}
