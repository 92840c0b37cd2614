/** An ISO 8601 week, written `2026-W47`: weeks start on Monday, week 1 holds the year's first Thursday. All in UTC. */
export type IsoWeek = string;

const DAY_MS = 86_400_000;
const WEEK_MS = 7 * DAY_MS;
const ISO_WEEK = /^(\d{4})-W(\d{2})$/;

/** Monday 00:00 UTC of the week holding `date`. */
function mondayOf(date: Date): Date {
  const midnight = Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate());
  const weekday = (new Date(midnight).getUTCDay() + 6) % 7; // Monday 0 … Sunday 6
  return new Date(midnight - weekday * DAY_MS);
}

export function isoWeekOf(date: Date): IsoWeek {
  const thursday = new Date(mondayOf(date).getTime() + 3 * DAY_MS);
  const year = thursday.getUTCFullYear();
  const week = Math.floor((thursday.getTime() - mondayOf(new Date(Date.UTC(year, 0, 4))).getTime()) / WEEK_MS) + 1;
  return `${year}-W${String(week).padStart(2, '0')}`;
}

export function isIsoWeek(text: string): boolean {
  const match = ISO_WEEK.exec(text);
  return match !== null && isoWeekOf(weekStart(text)) === text;
}

/** Monday 00:00 UTC that starts the week. */
export function weekStart(week: IsoWeek): Date {
  const match = ISO_WEEK.exec(week);
  if (match === null) throw new Error(`not an ISO week: ${week} (expected YYYY-Www)`);
  const firstMonday = mondayOf(new Date(Date.UTC(Number(match[1]), 0, 4)));
  return new Date(firstMonday.getTime() + (Number(match[2]) - 1) * WEEK_MS);
}

/** The instant the week ends (the next Monday 00:00 UTC, exclusive). */
export function weekEnd(week: IsoWeek): Date {
  return new Date(weekStart(week).getTime() + WEEK_MS);
}

export function addWeeks(week: IsoWeek, count: number): IsoWeek {
  return isoWeekOf(new Date(weekStart(week).getTime() + count * WEEK_MS));
}

/** Weeks from `first` to `last`, both included, in order. */
export function weeksBetween(first: IsoWeek, last: IsoWeek): IsoWeek[] {
  const weeks: IsoWeek[] = [];
  for (let week = first; week <= last; week = addWeeks(week, 1)) weeks.push(week);
  return weeks;
}
