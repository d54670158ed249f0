/** One calendar day in a time zone, as the instants it starts and ends at. */
export interface ZonedDay {
  /** `YYYY-MM-DD`. */
  readonly date: string;
  readonly timeZone: string;
  readonly start: Date;
  /** Exclusive. */
  readonly end: Date;
}

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** The zone's offset from UTC at `instant`, in ms (positive east of Greenwich). */
function offsetAt(instant: number, timeZone: string): number {
  const parts = new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit' })
    .formatToParts(new Date(instant))
    .reduce<Record<string, number>>((acc, p) => (p.type === 'literal' ? acc : { ...acc, [p.type]: Number(p.value) }), {});
  const asUtc = Date.UTC(parts.year ?? 0, (parts.month ?? 1) - 1, parts.day ?? 1, parts.hour ?? 0, parts.minute ?? 0, parts.second ?? 0);
  return asUtc - Math.floor(instant / 1000) * 1000;
}

/** Local midnight of y-m-d in the zone, as an instant (the offset is re-read once for days that change it). */
function midnight(y: number, m: number, d: number, timeZone: string): number {
  const guess = Date.UTC(y, m - 1, d);
  const first = guess - offsetAt(guess, timeZone);
  return guess - offsetAt(first, timeZone);
}

/** Throws on a malformed date or an unknown time zone. Pure. */
export function zonedDay(date: string, timeZone: string): ZonedDay {
  const m = DATE.exec(date);
  if (!m) throw new RangeError(`"${date}" is not a date (expected YYYY-MM-DD)`);
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const check = new Date(Date.UTC(y, mo - 1, d));
  if (check.getUTCMonth() !== mo - 1 || check.getUTCDate() !== d) throw new RangeError(`"${date}" is not a date (expected YYYY-MM-DD)`);
  new Intl.DateTimeFormat('en-US', { timeZone }); // throws RangeError for an unknown zone
  return { date, timeZone, start: new Date(midnight(y, mo, d, timeZone)), end: new Date(midnight(y, mo, d + 1, timeZone)) };
}

/** The day before the one `instant` falls on, in the zone: what a morning digest reports. Pure. */
export function previousDay(instant: Date, timeZone: string): ZonedDay {
  const local = new Date(instant.getTime() + offsetAt(instant.getTime(), timeZone));
  const prev = new Date(Date.UTC(local.getUTCFullYear(), local.getUTCMonth(), local.getUTCDate() - 1));
  return zonedDay(prev.toISOString().slice(0, 10), timeZone);
}
