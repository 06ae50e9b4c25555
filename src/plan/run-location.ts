/**
 * Where a run writes: a Trino catalog bound to a Nessie branch (created from `main` or --from when
 * missing), or, for a catalog without branches, the target's catalog in place. Also which tables and
 * schemas already exist there, read once per run (is_incremental, schemas to create).
 */
import type { Catalog, Reference } from "../catalog/catalog.js";
import type { Engine } from "../engine/engine.js";
import { PlanError } from "../errors.js";
import type { Target } from "../project/types.js";
import { quoteIdent, sqlString } from "../engine/sql-text.js";
import { branchCatalogName, branchCatalogProperties } from "./branch-catalog-name.js";
import type { BranchTarget, ExistingRelation, SetupStep } from "./plan.js";
import { PlanCode } from "./plan-code.js";

export interface RunLocation {
  readonly runCatalog: string;
  readonly branch?: BranchTarget;
  /** create-branch and create-catalog steps (schemas come later, once the written schemas are known) */
  readonly setup: SetupStep[];
  /** "schema.table", lower case → what stands there in the run's catalog before the run */
  readonly relations: ReadonlyMap<string, ExistingRelation>;
  /** lower-case schemas known to exist; undefined when unknown (then every schema gets IF NOT EXISTS) */
  readonly schemas?: ReadonlySet<string>;
  /** "schema.table", lower case → the Iceberg version (metadata location) of each table and view; branches only */
  readonly versions: ReadonlyMap<string, string>;
  /**
   * A Trino catalog showing the branch as the run starts (the branch's own, or one on the reference a new branch
   * starts from), to read its tables' fingerprints; undefined without branches.
   */
  readonly startCatalog?: { readonly name: string; readonly sql: string };
}

export interface RunLocationInput {
  readonly target: Target;
  readonly engine: Engine;
  readonly catalog?: Catalog;
  readonly branch?: string;
  readonly from?: string;
  /** schemas the run writes to, to look up existing tables in place */
  readonly schemas: readonly string[];
}

export const isBranching = (target: Target, catalog?: Catalog): boolean =>
  target.branchCatalog !== undefined && target.nessie !== undefined && catalog?.capabilities.branches !== false;

export async function resolveRunLocation(input: RunLocationInput): Promise<RunLocation> {
  const { target } = input;
  if (!isBranching(target, input.catalog)) {
    if (input.branch !== undefined) {
      throw new PlanError(
        PlanCode.branchMismatch,
        `--branch ${input.branch} was given, but target ${target.name} has a catalog without branches (no nessie/branch_catalog in the profile).`,
        {
          hint: "Drop --branch to build in place in the target's catalog, or add nessie: and branch_catalog: to the profile.",
        },
      );
    }
    return { runCatalog: target.catalog, setup: [], relations: await relationsInPlace(input), versions: new Map() };
  }
  const catalog = input.catalog;
  if (!catalog)
    throw new PlanError(PlanCode.branchMismatch, "The target has branches but no catalog client was given.", {
      hint: "Pass a Catalog (NessieCatalog) to the run.",
    });
  const main = target.nessie!.defaultBranch;
  const name = input.branch;
  if (name === undefined) {
    throw new PlanError(
      PlanCode.branchMismatch,
      `Target ${target.name} builds on Nessie branches: say which one with --branch NAME.`,
      {
        hint: `e.g. --branch dev (created from ${main} if missing); tform never builds on ${main}: publish merges a tested branch into it.`,
      },
    );
  }
  if (name === main) {
    throw new PlanError(PlanCode.writesToMain, `tform build never writes to ${main}.`, {
      hint: `Build on a branch (--branch dev), test it, then \`tform publish --branch dev\` merges it into ${main}.`,
    });
  }
  const existing = await catalog.getReference(name);
  if (existing && existing.type !== "BRANCH")
    throw new PlanError(
      PlanCode.branchMismatch,
      `${name} is a ${existing.type.toLowerCase()}, not a branch: tform builds on branches only.`,
      { hint: "Pick another --branch name." },
    );
  const fromName = input.from ?? main;
  let start: Reference | undefined = existing;
  const setup: SetupStep[] = [];
  if (!existing) {
    start = await catalog.getReference(fromName);
    if (!start)
      throw new PlanError(PlanCode.unknownFromRef, `--from ${fromName}: no such branch or tag in Nessie.`, {
        hint: "List references with `tform history` or create it first.",
      });
    setup.push({ kind: "create-branch", branch: name, from: start });
  }
  const runCatalog = branchCatalogName(target, name);
  const runCatalogSql = createCatalogSql(target, name);
  setup.push({ kind: "create-catalog", catalog: runCatalog, branch: name, sql: runCatalogSql });
  const relations = new Map<string, ExistingRelation>();
  const versions = new Map<string, string>();
  const schemas = new Set<string>();
  for (const c of await catalog.listContents(start!, { versions: true })) {
    const key = c.key.map((k) => k.toLowerCase());
    if (c.kind === "NAMESPACE") schemas.add(key.join("."));
    else if (c.kind === "ICEBERG_TABLE" || c.kind === "ICEBERG_VIEW") {
      relations.set(key.join("."), c.kind === "ICEBERG_VIEW" ? "view" : "table");
      if (c.version) versions.set(key.join("."), c.version);
      schemas.add(key.slice(0, -1).join("."));
    }
  }
  const startCatalog = existing
    ? { name: runCatalog, sql: runCatalogSql }
    : { name: branchCatalogName(target, fromName), sql: createCatalogSql(target, fromName) };
  return { runCatalog, branch: { name, from: fromName, existing }, setup, relations, schemas, versions, startCatalog };
}

function createCatalogSql(target: Target, ref: string): string {
  const { connector, properties } = target.branchCatalog!;
  const withProps = Object.entries(branchCatalogProperties(connector, properties, ref))
    .map(([k, v]) => `${quoteIdent(k)} = ${sqlString(v)}`)
    .join(", ");
  return `CREATE CATALOG IF NOT EXISTS ${quoteIdent(branchCatalogName(target, ref))} USING ${connector} WITH (${withProps})`;
}

/** One metadata query for all written schemas of a catalog without branches. */
async function relationsInPlace(input: RunLocationInput): Promise<Map<string, ExistingRelation>> {
  if (input.schemas.length === 0) return new Map();
  const list = input.schemas.map((s) => sqlString(s.toLowerCase())).join(", ");
  const result = await input.engine.execute(
    `SELECT table_schema, table_name, table_type FROM ${quoteIdent(input.target.catalog)}.information_schema.tables WHERE table_schema IN (${list})`,
  );
  return new Map(
    result.rows.map((r) => [`${String(r[0])}.${String(r[1])}`.toLowerCase(), r[2] === "VIEW" ? "view" : "table"]),
  );
}
