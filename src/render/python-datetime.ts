/** Just enough of Python's datetime for dbt templates: run_started_at.strftime(...), modules.datetime.now(). */
import { pythonRe } from "./python-re.js";

const pad = (n: number, width = 2): string => String(n).padStart(width, "0");
const DAYS = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"];
const MONTHS = [
  "January",
  "February",
  "March",
  "April",
  "May",
  "June",
  "July",
  "August",
  "September",
  "October",
  "November",
  "December",
];

export class PyDateTime {
  constructor(readonly date: Date) {}

  get year(): number {
    return this.date.getUTCFullYear();
  }
  get month(): number {
    return this.date.getUTCMonth() + 1;
  }
  get day(): number {
    return this.date.getUTCDate();
  }
  get hour(): number {
    return this.date.getUTCHours();
  }
  get minute(): number {
    return this.date.getUTCMinutes();
  }
  get second(): number {
    return this.date.getUTCSeconds();
  }

  strftime(format: string): string {
    const d = this.date;
    const codes: Record<string, () => string> = {
      Y: () => String(d.getUTCFullYear()),
      y: () => pad(d.getUTCFullYear() % 100),
      m: () => pad(d.getUTCMonth() + 1),
      d: () => pad(d.getUTCDate()),
      H: () => pad(d.getUTCHours()),
      M: () => pad(d.getUTCMinutes()),
      S: () => pad(d.getUTCSeconds()),
      f: () => pad(d.getUTCMilliseconds() * 1000, 6),
      j: () => pad(Math.floor((d.getTime() - Date.UTC(d.getUTCFullYear(), 0, 1)) / 86_400_000) + 1, 3),
      A: () => DAYS[d.getUTCDay()]!,
      a: () => DAYS[d.getUTCDay()]!.slice(0, 3),
      B: () => MONTHS[d.getUTCMonth()]!,
      b: () => MONTHS[d.getUTCMonth()]!.slice(0, 3),
      Z: () => "UTC",
      z: () => "+0000",
      "%": () => "%",
    };
    return format.replace(/%([A-Za-z%])/g, (m, c: string) => codes[c]?.() ?? m);
  }

  isoformat(): string {
    return this.date.toISOString().replace("Z", "+00:00");
  }

  timestamp(): number {
    return this.date.getTime() / 1000;
  }

  toString(): string {
    return this.strftime("%Y-%m-%d %H:%M:%S.%f+00:00");
  }
}

/** `modules.datetime` and `modules.re`, the parts projects call without touching the database. */
export function pythonModules(): Record<string, unknown> {
  const datetime = {
    now: () => new PyDateTime(new Date()),
    utcnow: () => new PyDateTime(new Date()),
    fromisoformat: (s: string) => new PyDateTime(new Date(s)),
  };
  return {
    datetime: { datetime, date: { today: () => new PyDateTime(new Date()) } },
    re: pythonRe,
  };
}
