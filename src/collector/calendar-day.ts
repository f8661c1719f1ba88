// A day of the calendar, for the API's filters and the CLI's dates alike; a module of its own so
// that the CLI reads its dates without loading the filters' JSON schema validator.

/** Whether the YYYY-MM-DD `value` starts with is a day of the calendar: JavaScript reads 2026-02-30 as March 2. */
export function calendarDay(value: string): boolean {
  const [y, m, d] = value.slice(0, 10).split('-').map(Number) as [number, number, number];
  const day = new Date(0);
  day.setUTCFullYear(y, m - 1, d);
  return day.getUTCFullYear() == y && day.getUTCMonth() == m - 1 && day.getUTCDate() == d;
}
