/**
 * Partial-parsing state files under target/partial_parse/: a one-line header naming the format and the key
 * the state is valid for, then one V8-serialized value. A state whose header differs is not deserialized
 * (tens of MB on large projects); a missing or unreadable one reads as "no state" and the caller does the
 * full work, so a cache can never be a reason for a run to fail.
 */
import { mkdir, readFile, rename, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import v8 from "node:v8";

export const stateDir = (root: string, targetPath: string): string => join(root, targetPath, "partial_parse");

const headerOf = (header: string): Buffer => Buffer.from(`${header.replaceAll("\n", " ")}\n`);

export async function readState<T>(file: string, header: string): Promise<T | undefined> {
  try {
    const bytes = await readFile(file);
    const expected = headerOf(header);
    if (bytes.length < expected.length || !bytes.subarray(0, expected.length).equals(expected)) return undefined;
    return v8.deserialize(bytes.subarray(expected.length)) as T;
  } catch {
    return undefined;
  }
}

/** Best effort: a read-only or full disk costs the next run its head start, nothing more. */
export async function writeState(file: string, header: string, value: unknown): Promise<void> {
  try {
    await mkdir(dirname(file), { recursive: true });
    // written aside and renamed: a concurrent run reads the old state or the new one, never half of one
    const aside = `${file}.${process.pid}.tmp`;
    await writeFile(aside, Buffer.concat([headerOf(header), v8.serialize(value)]));
    await rename(aside, file);
  } catch {
    /* see above */
  }
}
