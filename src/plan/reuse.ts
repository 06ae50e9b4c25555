/**
 * Build only what changed: the identity of each seed and model (plan/fingerprint.ts), in DAG order, compared with
 * the fingerprint its table on the branch carries. Only branch runs record and reuse: a branch starts as main at
 * zero copy, so a table main already holds with the same fingerprint is exactly what a rebuild would write.
 */
import type { Engine } from "../engine/engine.js";
import {
  CATALOG_CONNECTORS_SQL,
  CONSTANT_CONNECTORS,
  FINGERPRINT_PROPERTY,
  tablePropertyQueries,
} from "../engine/metadata-sql.js";
import type { ProjectGraph } from "../graph/project-graph.js";
import type { SourceTable } from "../project/types.js";
import type { ParsedProject } from "../render/parse-project.js";
import { isVolatile, nodeIdentity, type Identity } from "./fingerprint.js";
import type { Reuse } from "./plan.js";
import type { RunLocation } from "./run-location.js";

export interface ReuseOptions {
  readonly parsed: ParsedProject;
  readonly graph: ProjectGraph;
  readonly engine: Engine;
  readonly location: RunLocation;
  /** unique ids the run plans, in DAG order */
  readonly selected: readonly string[];
  /** --full-refresh or --no-reuse: fingerprints are still recorded, nothing is reused */
  readonly rebuildAll?: "--full-refresh" | "--no-reuse";
}

/** What a node computes from, to fingerprint it. */
export interface NodeBody {
  readonly kind: string;
  readonly body: string;
  readonly sql: boolean;
  readonly hooks: readonly string[];
  readonly config: Readonly<Record<string, unknown>>;
  /** the model's own full_refresh config asks for a rebuild */
  readonly refresh: boolean;
}

const tableKey = (schema: string, identifier: string): string => `${schema}.${identifier}`.toLowerCase();

export class ReusePlanner {
  private readonly identities = new Map<string, Identity>();
  private connectors?: Promise<ReadonlyMap<string, string>>;

  private constructor(
    private readonly options: ReuseOptions,
    private readonly stored: ReadonlyMap<string, string>,
  ) {}

  /** Reads the fingerprints of the tables the run may reuse or read, in one statement per 200 tables. */
  static async open(options: ReuseOptions): Promise<ReusePlanner | undefined> {
    const { location, parsed } = options;
    if (!location.branch || !location.startCatalog || parsed.target.branchCatalog?.connector !== "iceberg")
      return undefined;
    const tables = candidateTables(options);
    const stored = new Map<string, string>();
    if (tables.length > 0) {
      await options.engine.execute(location.startCatalog.sql);
      for (const sql of tablePropertyQueries(location.startCatalog.name, tables, FINGERPRINT_PROPERTY))
        for (const row of (await options.engine.execute(sql)).rows)
          stored.set(tableKey(String(row[0]), String(row[1])), String(row[2]));
    }
    return new ReusePlanner(options, stored);
  }

  /** A node that renders when it runs (its templates query the database): no fingerprint, it always runs. */
  markVolatile(id: string, why: string): void {
    this.identities.set(id, { volatile: why });
  }

  /** Fingerprints a planned seed or model and decides whether its table is reused. */
  async decide(id: string, node: NodeBody): Promise<Reuse> {
    const { parsed, location } = this.options;
    const inputs = new Map<string, Identity>();
    for (const p of this.options.graph.parents(id)) inputs.set(p, await this.inputIdentity(p));
    const identity = this.identities.get(id) ?? nodeIdentity({ ...node, inputs, runCatalog: location.runCatalog });
    this.identities.set(id, identity);
    if (isVolatile(identity)) return { reused: false, reason: `always runs: ${identity.volatile}` };
    if (node.kind === "view")
      return { reused: false, reason: "a view is re-created on every run (no data is written)" };
    const fingerprint = identity.key;
    const rebuild = this.options.rebuildAll ?? (node.refresh ? "its full_refresh config" : undefined);
    if (rebuild) return { fingerprint, reused: false, reason: `rebuilt: ${rebuild}` };
    const relation = parsed.renderer.runRelation(id, location.runCatalog);
    const key = tableKey(relation.schema, relation.identifier);
    if (location.relations.get(key) !== "table") return { fingerprint, reused: false, reason: "no table yet" };
    const stored = this.stored.get(key);
    if (stored === undefined)
      return {
        fingerprint,
        reused: false,
        reason: "its table carries no fingerprint (built before tform recorded them)",
      };
    if (stored !== fingerprint)
      return { fingerprint, reused: false, reason: "its SQL, config or inputs changed since its table was built" };
    return { fingerprint, reused: true, reason: "unchanged since its table was built" };
  }

  private async inputIdentity(id: string): Promise<Identity> {
    const known = this.identities.get(id);
    if (known) return known;
    const identity = await this.unplannedIdentity(id);
    this.identities.set(id, identity);
    return identity;
  }

  /** A source, an ephemeral model, or a node this run does not plan: what stands on the branch. */
  private async unplannedIdentity(id: string): Promise<Identity> {
    const { parsed, location, graph } = this.options;
    const source = parsed.renderer.sourceById(id);
    if (source) return this.sourceIdentity(source);
    const node = parsed.nodes.get(id);
    const name = parsed.renderer.nameOf(id);
    if (!node) return { volatile: `${name} is not part of the project` };
    if (node.config.materialized === "ephemeral") {
      // its SQL is inlined into the node that reads it; what it reads is its identity
      const inputs = new Map<string, Identity>();
      for (const p of graph.parents(id)) inputs.set(p, await this.inputIdentity(p));
      return nodeIdentity({
        kind: "ephemeral",
        body: "",
        sql: false,
        hooks: [],
        config: {},
        inputs,
        runCatalog: location.runCatalog,
      });
    }
    const relation = parsed.renderer.runRelation(id, location.runCatalog);
    const key = tableKey(relation.schema, relation.identifier);
    const kind = location.relations.get(key);
    // a view reads its upstream when queried: its own version says nothing of what it returns
    if (kind === "view") return { volatile: `view ${name} is not built in this run` };
    if (kind === undefined) return { volatile: `${name} has no table on the branch` };
    // its table's version rather than its fingerprint: a node this run does not build may have been written since
    // (a seed updated by hand), and the version changes with every write
    const version = location.versions.get(key);
    return version ? { key: `v:${version}` } : { volatile: `${name} has no version in the catalog` };
  }

  private async sourceIdentity(source: SourceTable): Promise<Identity> {
    const { parsed, location, engine } = this.options;
    const database = source.database ?? parsed.target.catalog;
    const label = `source ${source.sourceName}.${source.name}`;
    if (database === parsed.target.catalog) {
      const version = location.versions.get(tableKey(source.schema, source.identifier));
      return version ? { key: `v:${version}` } : { volatile: `${label} is not a table on the branch` };
    }
    this.connectors ??= engine
      .execute(CATALOG_CONNECTORS_SQL)
      .then((r) => new Map(r.rows.map((row) => [String(row[0]), String(row[1])])))
      .catch(() => new Map());
    const connector = (await this.connectors).get(database);
    if (connector && CONSTANT_CONNECTORS.has(connector))
      return { key: `const:${database}.${source.schema}.${source.identifier}` };
    return { volatile: `${label} is in catalog ${database}, whose changes tform cannot see` };
  }
}

/** The tables of the planned seeds and models (their fingerprints decide their reuse). */
function candidateTables(options: ReuseOptions): { schema: string; identifier: string }[] {
  const { parsed, graph, location, selected } = options;
  const planned = new Set(selected);
  const seen = new Set<string>();
  const out: { schema: string; identifier: string }[] = [];
  const visit = (id: string, reads: boolean): void => {
    if (seen.has(id)) return;
    seen.add(id);
    const node = parsed.nodes.get(id);
    const type = parsed.renderer.node(id)?.resourceType;
    if (!node || type === "test") return;
    if (node.config.materialized === "ephemeral") {
      for (const p of graph.parents(id)) visit(p, true);
      return;
    }
    if (reads) return;
    const relation = parsed.renderer.runRelation(id, location.runCatalog);
    if (location.relations.get(tableKey(relation.schema, relation.identifier)) === "table")
      out.push({ schema: relation.schema, identifier: relation.identifier });
  };
  for (const id of selected) {
    visit(id, false);
    for (const p of graph.parents(id)) if (!planned.has(p)) visit(p, true);
  }
  return out;
}
