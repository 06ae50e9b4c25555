/** A project written to a fresh temporary folder, with a profile whose target branches (native mode) or not. */
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";

const PROFILE = (branching: boolean): string =>
  [
    "shop:",
    "  target: dev",
    "  outputs:",
    "    dev:",
    "      type: trino",
    "      host: 127.0.0.1",
    "      port: 1",
    "      user: tform",
    "      catalog: lake",
    "      schema: analytics",
    "      threads: 2",
    ...(branching
      ? [
          "      nessie:",
          "        uri: http://127.0.0.1:1/api/v2",
          "      branch_catalog:",
          "        connector: iceberg",
          "        mode: native",
          "        properties:",
          '          iceberg.nessie-catalog.ref: "{branch}"',
        ]
      : []),
  ].join("\n");

/** Writes `files` (paths relative to the project) plus dbt_project.yml and profiles.yml unless given; returns the root. */
export function diskProject(files: Record<string, string>, options: { branching?: boolean } = {}): string {
  const root = mkdtempSync(join(tmpdir(), "tform-ops-"));
  const all = {
    "dbt_project.yml": "name: shop\nprofile: shop\n",
    "profiles.yml": PROFILE(options.branching ?? true),
    ...files,
  };
  for (const [path, content] of Object.entries(all)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), content);
  }
  return root;
}

/** Options that load `root` with its own profiles.yml and no partial-parse state. */
export const projectAt = (root: string) => ({ projectDir: root, profilesDir: root, env: {}, partialParse: false });
