/**
 * Requests held at the door until a test lets them through: the way a test learns, without
 * sleeping, that a request was made (and how many are in flight at once), and controls when it
 * is answered. A held request counts as in flight.
 */

export interface Hold {
  /** Resolves once `count` matching requests are being held at the same time. */
  waiting(count: number): Promise<void>;
  /** Lets every held request through, and every later one: the hold is over. */
  release(): void;
}

export interface Holds {
  /** Holds every Graph request whose `METHOD /path` matches, until released. */
  hold(match: RegExp): Hold;
  /** Waits while a hold matches the request; returns at once when none does. */
  pass(target: string): Promise<void>;
}

interface ActiveHold {
  match: RegExp;
  held: Array<() => void>;
  watchers: Array<{ count: number; resolve: () => void }>;
}

export function createHolds(): Holds {
  const active = new Set<ActiveHold>();
  return {
    hold(match) {
      const hold: ActiveHold = { match, held: [], watchers: [] };
      active.add(hold);
      return {
        waiting: (count) =>
          new Promise<void>((resolve) => {
            if (hold.held.length >= count) resolve();
            else hold.watchers.push({ count, resolve });
          }),
        release() {
          active.delete(hold);
          for (const letThrough of hold.held.splice(0)) letThrough();
        },
      };
    },
    async pass(target) {
      const hold = [...active].find((h) => h.match.test(target));
      if (!hold) return;
      await new Promise<void>((resolve) => {
        hold.held.push(resolve);
        for (const watcher of hold.watchers.filter((w) => hold.held.length >= w.count)) watcher.resolve();
        hold.watchers = hold.watchers.filter((w) => hold.held.length < w.count);
      });
    },
  };
}
