/**
 * Date and date-time text as AEP accepts it on ingestion.
 * Why hand-written: AEP's failed-record message lists exact patterns (aep-notes §9.1):
 * `yyyy-MM-dd'T'HH:mm:ssZ`, optionally 1 to 9 fractional digits, and `Z` or a `±HH:mm` offset.
 * A general ISO parser (or `Date.parse`) accepts far more and would predict acceptance wrongly.
 */

const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DATE_TIME_RE = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(\.\d{1,9})?(Z|[+-]\d{2}:?\d{2})$/;

function daysInMonth(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

/** True when year/month/day name a real calendar day. */
export function isCalendarDate(year: number, month: number, day: number): boolean {
  return month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month);
}

/** True for `yyyy-MM-dd` naming a real day. */
export function isXdmDate(text: string): boolean {
  const m = DATE_RE.exec(text);
  if (!m) return false;
  return isCalendarDate(Number(m[1]), Number(m[2]), Number(m[3]));
}

/** True for a date-time in one of AEP's accepted patterns, naming a real instant. */
export function isXdmDateTime(text: string): boolean {
  const m = DATE_TIME_RE.exec(text);
  if (!m) return false;
  if (!isCalendarDate(Number(m[1]), Number(m[2]), Number(m[3]))) return false;
  if (Number(m[4]) > 23 || Number(m[5]) > 59 || Number(m[6]) > 59) return false;
  const zone = m[8] ?? 'Z';
  if (zone !== 'Z') {
    const digits = zone.replace(':', '');
    const hours = Number(digits.slice(1, 3));
    const minutes = Number(digits.slice(3, 5));
    if (hours > 18 || minutes > 59) return false;
  }
  return true;
}

/** Largest epoch millisecond a JavaScript Date can hold. */
const MAX_EPOCH_MS = 8.64e15;

/** True when an epoch-millisecond number can be turned into a date. */
export function isEpochMillis(n: number): boolean {
  return Number.isInteger(n) && Math.abs(n) <= MAX_EPOCH_MS;
}

/** Epoch milliseconds → ISO 8601 date-time in UTC with milliseconds (`2018-07-10T23:05:59.000Z`). */
export function epochMillisToDateTime(ms: number): string {
  return new Date(ms).toISOString();
}

/** Epoch milliseconds → calendar date in UTC (`2018-07-10`). */
export function epochMillisToDate(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}
