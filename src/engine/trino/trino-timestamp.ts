/**
 * Reads a TIMESTAMP or TIMESTAMP WITH TIME ZONE value as Trino's client protocol sends it
 * (`2026-12-03 17:24:11.392`, `… UTC`, `… +05:30`, `… Europe/Paris`) as an instant. A value without a zone
 * is taken as UTC, as dbt does with the naive datetimes its adapters return.
 */

const TIMESTAMP = /^(-?\d{4,})-(\d\d)-(\d\d) (\d\d):(\d\d):(\d\d)(?:\.(\d+))? ?(.*)$/;

/** Minutes east of UTC that `zone` has at `utcMs`; Intl knows the IANA region names Trino uses. */
function regionOffsetMinutes(zone: string, utcMs: number): number {
  const parts = new Intl.DateTimeFormat("en-US", {
    timeZone: zone,
    hourCycle: "h23",
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
    hour: "2-digit",
    minute: "2-digit",
    second: "2-digit",
  }).formatToParts(new Date(utcMs));
  const n = (type: string): number => Number(parts.find((p) => p.type === type)!.value);
  const wall = Date.UTC(n("year"), n("month") - 1, n("day"), n("hour"), n("minute"), n("second"));
  return Math.round((wall - Math.floor(utcMs / 1000) * 1000) / 60_000);
}

function offsetMinutes(zone: string, wallMs: number): number | undefined {
  if (zone === "" || zone === "UTC" || zone === "Z" || zone === "GMT") return 0;
  const fixed = /^([+-])(\d\d):?(\d\d)$/.exec(zone);
  if (fixed) return (fixed[1] === "-" ? -1 : 1) * (Number(fixed[2]) * 60 + Number(fixed[3]));
  try {
    // the offset at the wall time read as UTC, corrected once for a change of offset in between (DST)
    const first = regionOffsetMinutes(zone, wallMs);
    return regionOffsetMinutes(zone, wallMs - first * 60_000);
  } catch {
    return undefined;
  }
}

/** Milliseconds since the epoch, or undefined when the text is not a Trino timestamp. */
export function parseTrinoTimestamp(text: string): number | undefined {
  const m = TIMESTAMP.exec(text.trim());
  if (!m) return undefined;
  const [, y, mo, d, h, mi, s, fraction = "", zone = ""] = m;
  const date = new Date(0);
  date.setUTCFullYear(Number(y), Number(mo) - 1, Number(d));
  date.setUTCHours(Number(h), Number(mi), Number(s), Number(fraction.padEnd(3, "0").slice(0, 3)));
  const wallMs = date.getTime();
  const offset = offsetMinutes(zone, wallMs);
  return offset === undefined ? undefined : wallMs - offset * 60_000;
}
