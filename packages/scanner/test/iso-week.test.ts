import { addWeeks, isoWeekOf, weekEnd, weekStart } from '@authboundary/scanner';
import { describe, expect, it } from 'vitest';

describe('ISO weeks (UTC, Monday first, week 1 holds the first Thursday)', () => {
  it.each([
    ['2026-11-22T23:59:59Z', '2026-W47'], // Sunday ends the week
    ['2026-11-23T00:00:00Z', '2026-W48'], // Monday starts the next
    ['2026-01-01T00:00:00Z', '2026-W01'],
    ['2027-01-01T00:00:00Z', '2026-W53'], // a Friday: still the last week of 2026
    ['2024-12-30T00:00:00Z', '2025-W01'], // a Monday in December: first week of 2025
    ['2021-01-03T12:00:00Z', '2020-W53'],
  ])('%s is in %s', (date, week) => {
    expect(isoWeekOf(new Date(date))).toBe(week);
  });

  it.each([
    ['2026-W47', '2026-11-16T00:00:00.000Z', '2026-11-23T00:00:00.000Z'],
    ['2026-W01', '2025-12-29T00:00:00.000Z', '2026-01-05T00:00:00.000Z'],
  ])('%s runs from %s to %s (exclusive)', (week, start, end) => {
    expect(weekStart(week).toISOString()).toBe(start);
    expect(weekEnd(week).toISOString()).toBe(end);
  });

  it.each([
    ['2026-W52', 1, '2026-W53'],
    ['2026-W53', 1, '2027-W01'],
    ['2027-W01', -2, '2026-W52'],
    ['2026-W47', 0, '2026-W47'],
  ])('%s plus %i weeks is %s', (week, count, expected) => {
    expect(addWeeks(week, count)).toBe(expected);
  });
});
