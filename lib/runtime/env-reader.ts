/**
 * Reads named variables out of an environment record, collecting every problem so one start
 * reports all of them. It is handed the record; only config.ts hands it the process's environment.
 */

export type Env = Record<string, string | undefined>;

export interface Rule {
  pattern: RegExp;
  message: string;
}

export const HEX_KEY = (name: string): Rule => ({ pattern: /^[0-9a-f]{64}$/, message: `${name} must be 64 hex characters (32 bytes)` });

export class EnvReader {
  readonly problems: string[] = [];
  constructor(private readonly env: Env) {}

  private raw(name: string): string | undefined {
    const value = this.env[name];
    return value === undefined || value === '' ? undefined : value;
  }

  optional(name: string, rule?: Rule): string | undefined {
    const value = this.raw(name);
    if (value !== undefined && rule && !rule.pattern.test(value)) this.problems.push(`${name}: ${rule.message}`);
    return value;
  }

  text(name: string, fallback: string, rule?: Rule): string {
    return this.optional(name, rule) ?? fallback;
  }

  url(name: string, fallback?: string): string | undefined {
    const value = this.raw(name) ?? fallback;
    if (value === undefined) return undefined;
    try {
      const parsed = new URL(value);
      if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') throw new Error('not http(s)');
    } catch {
      this.problems.push(`${name}: must be an http(s) URL, not "${value}"`);
    }
    return value;
  }

  oneOf<T extends string>(name: string, allowed: readonly T[], fallback: T): T {
    const value = this.raw(name) ?? fallback;
    if (!allowed.includes(value as T)) this.problems.push(`${name}: must be one of ${allowed.join(', ')}`);
    return value as T;
  }

  /** An integer in [min, max]; the fallback when unset. */
  integer(name: string, fallback: number, range: { min: number; max: number; what: string }): number {
    const value = this.raw(name);
    if (value === undefined) return fallback;
    const number = Number(value);
    if (!Number.isInteger(number) || number < range.min || number > range.max) this.problems.push(`${name}: must be ${range.what}, not "${value}"`);
    return number;
  }

  /** `1` switches it on; anything else leaves it off. */
  flag(name: string): boolean {
    return this.raw(name) === '1';
  }
}
