/** One compiled statement under target/: the SQL as it ran, with the profile's secret values masked. */
import { mkdir, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { redactSecrets } from "../errors.js";

export async function writeCompiledSql(projectRoot: string, path: string, sql: string): Promise<void> {
  const file = join(projectRoot, path);
  await mkdir(dirname(file), { recursive: true });
  await writeFile(file, `${redactSecrets(sql.trim())}\n`);
}
