/** Python's `%` operator on strings: `'%s' % x`, `'%s-%05.1f' % (a, b)`, `'%(name)s' % {'name': …}`. */
import { isDict, isTuple, repr, str } from "./python-values.js";

const SPEC = /%(?:\(([^)]*)\))?([-+ 0#]*)(\d+|\*)?(?:\.(\d+|\*))?[hlL]?([diouxXeEfFgGcrsa%])/g;

function toNumber(value: unknown, conversion: string): number {
  const n = typeof value === "boolean" ? Number(value) : value;
  if (typeof n !== "number") throw new TypeError(`%${conversion} format: a real number is required, not ${repr(value)}`);
  return n;
}

/** Python's exponent notation has at least two exponent digits: 1.5e+03 */
const pythonExponent = (s: string): string => s.replace(/e([+-])(\d)$/, "e$10$2");

function general(n: number, precision: number): string {
  const p = precision === 0 ? 1 : precision;
  const exp = n === 0 ? 0 : Math.floor(Math.log10(Math.abs(n)));
  const text = exp < -4 || exp >= p ? pythonExponent(n.toExponential(p - 1)) : n.toFixed(Math.max(p - 1 - exp, 0));
  return text.replace(/\.?0+(?=e|$)/, (m) => (text.includes(".") ? "" : m));
}

function convert(value: unknown, conversion: string, precision: number | undefined, alternate: boolean): string {
  switch (conversion) {
    case "s":
      return precision === undefined ? str(value) : str(value).slice(0, precision);
    case "r":
    case "a":
      return repr(value);
    case "c":
      return typeof value === "number" ? String.fromCodePoint(value) : str(value);
    case "d":
    case "i":
    case "u":
      return String(Math.trunc(toNumber(value, conversion)));
    case "x":
    case "X":
    case "o": {
      const n = Math.trunc(toNumber(value, conversion));
      const digits = Math.abs(n).toString(conversion === "o" ? 8 : 16);
      const prefix = alternate ? (conversion === "o" ? "0o" : "0x") : "";
      const text = (n < 0 ? "-" : "") + prefix + digits;
      return conversion === "X" ? text.toUpperCase() : text;
    }
    case "e":
    case "E": {
      const text = pythonExponent(toNumber(value, conversion).toExponential(precision ?? 6));
      return conversion === "E" ? text.toUpperCase() : text;
    }
    case "g":
    case "G": {
      const text = general(toNumber(value, conversion), precision ?? 6);
      return conversion === "G" ? text.toUpperCase() : text;
    }
    default:
      return toNumber(value, conversion).toFixed(precision ?? 6);
  }
}

export function percentFormat(template: string, args: unknown): string {
  const positional = isTuple(args) ? (args as unknown[]) : [args];
  const mapping = !isTuple(args) && isDict(args) ? args : undefined;
  let next = 0;
  const take = (): unknown => {
    if (next >= positional.length) throw new TypeError("not enough arguments for format string");
    return positional[next++];
  };
  const out = template.replace(SPEC, (_m, key: string | undefined, flags: string, width: string | undefined, precision: string | undefined, conversion: string) => {
    if (conversion === "%") return "%";
    const w = width === "*" ? Number(take()) : width === undefined ? 0 : Number(width);
    const p = precision === "*" ? Number(take()) : precision === undefined ? undefined : Number(precision);
    const value = key !== undefined ? mapping?.[key] : take();
    let text = convert(value, conversion, p, flags.includes("#"));
    const numeric = !"srac".includes(conversion);
    if (numeric && !text.startsWith("-")) text = (flags.includes("+") ? "+" : flags.includes(" ") ? " " : "") + text;
    if (text.length >= w) return text;
    if (flags.includes("-")) return text.padEnd(w);
    if (numeric && flags.includes("0")) {
      const sign = /^[-+ ]/.test(text) ? text[0]! : "";
      return sign + text.slice(sign.length).padStart(w - sign.length, "0");
    }
    return text.padStart(w);
  });
  // as Python, a list or dict on the right may go unused; other leftovers are an error
  if (next < positional.length && mapping === undefined && !(Array.isArray(args) && !isTuple(args))) {
    throw new TypeError("not all arguments converted during string formatting");
  }
  return out;
}
