/** Times as the rules read them from API strings, and whole days between them. */

const DAY_MS = 24 * 60 * 60 * 1000;

/** Milliseconds since the epoch, or undefined for a missing or unreadable time. */
export function timeOf(value: string | null | undefined): number | undefined {
  if (value === null || value === undefined) return undefined;
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? undefined : ms;
}

/** Whole days from one time to a later one (never negative). */
export function daysBetween(fromMs: number, toMs: number): number {
  return Math.max(0, Math.floor((toMs - fromMs) / DAY_MS));
}

/** A number of days in milliseconds. */
export function days(count: number): number {
  return count * DAY_MS;
}
