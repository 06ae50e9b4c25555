/** The installed tform version, recorded in artifacts and printed by `--version`. */
import { readFileSync } from "node:fs";

let cached: string | undefined;

export function tformVersion(): string {
  // src/artifacts/ and dist/artifacts/ are both two levels below the package root
  cached ??= (JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8")) as { version: string })
    .version;
  return cached;
}
