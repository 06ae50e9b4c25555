/**
 * Python's string formatting: the `%` operator (`'%s-%05.1f' % (a, b)`, `'%(name)s' % {…}`) and str.format()
 * with format specs (`'{:>10}'.format(x)`, `'{:{width}}'.format(x, width=3)`, `'{0!r}'`).
 */
import { isDict, isTuple, repr, str } from "./python-values.js";

const SPEC = /%(?:\(([^)]*)\))?([-+ 0#]*)(\d+|\*)?(?:\.(\d+|\*))?[hlL]?([diouxXeEfFgGcrsa%])/g;

function toNumber(value: unknown, conversion: string): number {
  const n = typeof value === "boolean" ? Number(value) : value;
  if (typeof n !== "number")
    throw new TypeError(`%${conversion} format: a real number is required, not ${repr(value)}`);
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
  const out = template.replace(
    SPEC,
    (
      _m,
      key: string | undefined,
      flags: string,
      width: string | undefined,
      precision: string | undefined,
      conversion: string,
    ) => {
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
    },
  );
  // as Python, a list or dict on the right may go unused; other leftovers are an error
  if (next < positional.length && mapping === undefined && !(Array.isArray(args) && !isTuple(args))) {
    throw new TypeError("not all arguments converted during string formatting");
  }
  return out;
}

/** [[fill]align][sign][#][0][width][,|_][.precision][type] */
const FORMAT_SPEC = /^(?:([\s\S])?([<>=^]))?([-+ ])?(#)?(0)?(\d+)?([,_])?(?:\.(\d+))?([bcdeEfFgGnosxX%])?$/;

function formatField(value: unknown, spec: string): string {
  if (spec === "") return str(value);
  const m = FORMAT_SPEC.exec(spec);
  if (!m) throw new Error(`ValueError: Invalid format specifier '${spec}'`);
  const [, fillChar, align, sign, alternate, zero, width, grouping, precision, type] = m;
  const numeric = (typeof value === "number" || typeof value === "boolean") && type !== "s";
  const p = precision === undefined ? undefined : Number(precision);
  let text: string;
  if (!numeric) text = p === undefined ? str(value) : str(value).slice(0, p);
  else {
    const n = Number(value);
    if (type === "%") text = `${(n * 100).toFixed(p ?? 6)}%`;
    else if (type === "b") text = Math.trunc(n).toString(2);
    else if (type === undefined || type === "n") text = p === undefined ? String(n) : general(n, p);
    else text = convert(n, type === "F" ? "f" : type, p, alternate !== undefined);
    if (grouping)
      text = text.replace(
        /^(-?)(\d+)/,
        (_all, minus: string, digits: string) => minus + digits.replace(/\B(?=(\d{3})+$)/g, grouping),
      );
    if (!text.startsWith("-") && sign !== undefined && sign !== "-") text = sign + text;
  }
  const w = width === undefined ? 0 : Number(width);
  if (text.length >= w) return text;
  const fill = fillChar ?? (zero && numeric ? "0" : " ");
  const how = align ?? (zero && numeric ? "=" : numeric ? ">" : "<");
  const pad = (k: number): string => fill.repeat(k);
  const missing = w - text.length;
  if (how === "<") return text + pad(missing);
  if (how === ">") return pad(missing) + text;
  if (how === "^") return pad(Math.floor(missing / 2)) + text + pad(Math.ceil(missing / 2));
  const signed = /^[-+ ]/.test(text) ? 1 : 0;
  return text.slice(0, signed) + pad(missing) + text.slice(signed);
}

/** A field's value: `name`, `0`, `name.attr`, `name[key]` */
function fieldValue(
  field: string,
  positional: readonly unknown[],
  kwargs: Readonly<Record<string, unknown>>,
  next: () => number,
): unknown {
  const [, head = "", rest = ""] = /^([^.[]*)(.*)$/.exec(field)!;
  let value = head === "" ? positional[next()] : /^\d+$/.test(head) ? positional[Number(head)] : kwargs[head];
  for (const [, attr, key] of rest.matchAll(/\.(\w+)|\[([^\]]*)\]/g))
    value = (value as Record<string, unknown> | undefined)?.[attr ?? key!];
  return value;
}

const REPLACEMENT = /\{\{|\}\}|\{([^{}!:]*)(?:!([rsa]))?(?::((?:[^{}]|\{[^{}]*\})*))?\}/g;

export function strFormat(
  template: string,
  positional: readonly unknown[],
  kwargs: Readonly<Record<string, unknown>>,
): string {
  let auto = 0;
  const next = (): number => auto++;
  const replace = (text: string): string =>
    text.replace(
      REPLACEMENT,
      (m, field: string | undefined, conversion: string | undefined, spec: string | undefined) => {
        if (m === "{{") return "{";
        if (m === "}}") return "}";
        const value = fieldValue(field ?? "", positional, kwargs, next);
        const shown = conversion === "r" || conversion === "a" ? repr(value) : conversion === "s" ? str(value) : value;
        // a spec may itself hold fields: '{:{width}}'
        return formatField(shown, spec === undefined ? "" : replace(spec));
      },
    );
  return replace(template);
}
