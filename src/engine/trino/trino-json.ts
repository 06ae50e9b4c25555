/**
 * JSON.parse that keeps integers beyond 2^53 exact by returning them as decimal strings. Trino sends
 * BIGINT as JSON numbers, and Iceberg snapshot ids (19 digits) would otherwise be silently rounded.
 */
export function parseTrinoJson(text: string): unknown {
  return JSON.parse(quoteUnsafeIntegers(text));
}

function quoteUnsafeIntegers(text: string): string {
  // fast path: no run of 16+ digits anywhere
  if (!/\d{16}/.test(text)) return text;
  let out = "";
  let last = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 92 /* \ */) i++;
      else if (c === 34 /* " */) inString = false;
      continue;
    }
    if (c === 34) {
      inString = true;
      continue;
    }
    const isStart = c === 45 /* - */ || (c >= 48 && c <= 57);
    if (!isStart) continue;
    // the whole number literal, fraction and exponent included: a DOUBLE's 16+ fraction digits are not an integer
    const digitsFrom = (k: number): number => {
      while (k < text.length && text.charCodeAt(k) >= 48 && text.charCodeAt(k) <= 57) k++;
      return k;
    };
    const integerEnd = digitsFrom(i + 1);
    let j = integerEnd;
    if (text[j] === ".") j = digitsFrom(j + 1);
    if (text[j] === "e" || text[j] === "E") j = digitsFrom(text[j + 1] === "+" || text[j + 1] === "-" ? j + 2 : j + 1);
    const literal = text.slice(i, j);
    if (j === integerEnd && literal.replace("-", "").length >= 16 && !Number.isSafeInteger(Number(literal))) {
      out += `${text.slice(last, i)}"${literal}"`;
      last = j;
    }
    i = j - 1;
  }
  return out + text.slice(last);
}
