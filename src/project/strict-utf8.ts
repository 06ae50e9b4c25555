/** Project files decoded strictly as UTF-8: a byte that is not UTF-8 is a located error, never a silent U+FFFD. */
import { ProjectError } from "../errors.js";
import { ProjectCode } from "./project-code.js";

const decoder = new TextDecoder("utf-8", { fatal: true });

/** Offset of the first byte that does not start or continue a valid UTF-8 sequence. */
function firstInvalidByte(bytes: Uint8Array): number {
  for (let i = 0; i < bytes.length;) {
    const b = bytes[i]!;
    const len = b < 0x80 ? 1 : b >= 0xc2 && b <= 0xdf ? 2 : b >= 0xe0 && b <= 0xef ? 3 : b >= 0xf0 && b <= 0xf4 ? 4 : 0;
    if (len === 0) return i;
    for (let k = 1; k < len; k++) if (((bytes[i + k] ?? 0) & 0xc0) !== 0x80) return i;
    i += len;
  }
  return bytes.length;
}

export function decodeUtf8(bytes: Uint8Array, file: string): string {
  try {
    return decoder.decode(bytes);
  } catch {
    const at = firstInvalidByte(bytes);
    const before = bytes.subarray(0, at);
    let line = 1;
    let lineStart = 0;
    for (let i = 0; i < before.length; i++)
      if (before[i] === 0x0a) {
        line++;
        lineStart = i + 1;
      }
    const byte = bytes[at]!.toString(16).padStart(2, "0");
    return failAt(file, line, at - lineStart + 1, byte);
  }
}

function failAt(file: string, line: number, col: number, byte: string): never {
  throw new ProjectError(
    ProjectCode.invalidUtf8,
    `${file}:${line} is not UTF-8: byte 0x${byte} at column ${col} (a Latin-1 or Windows-1252 character?).`,
    {
      location: { file, line, col },
      hint: `Save the file as UTF-8 (e.g. iconv -f latin1 -t utf-8), as dbt reads every project file as UTF-8.`,
    },
  );
}
