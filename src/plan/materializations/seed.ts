/**
 * `seed`: a CSV becomes an Iceberg table, fully replaced on every run. The first batch of rows builds the
 * table (`CREATE OR REPLACE TABLE … AS SELECT casts FROM UNNEST(…)`), so a small seed is one statement;
 * larger ones add INSERTs in big batches. A batch travels as ONE string literal holding a JSON array of
 * rows, unnested and cast once in SQL: Trino analyses a VALUES list row by row (10k rows: 36 s), a
 * literal in no time (10k rows: 0.4 s), measured on Trino 476.
 */
import { readFile } from "node:fs/promises";
import { parse } from "csv-parse/sync";
import { PlanError } from "../../errors.js";
import type { PlannedStatement } from "../plan.js";
import { PlanCode } from "../plan-code.js";
import { decodeUtf8 } from "../../project/strict-utf8.js";
import type { NodeConfig, Relation } from "../../project/types.js";
import { seedColumnTypes } from "./seed-types.js";
import { quoteIdent, quoteRelation, sqlString } from "./sql-text.js";
import { tableProperties, withClause } from "./table-properties.js";

/**
 * Trino rejects statements longer than query.max-length (1,000,000 characters by default); batches stay
 * well below it. The rate is measured by bench/build.mjs.
 */
export const SEED_BATCH_CHARS = 800_000;
export const SEED_BATCH_ROWS = 50_000;

export interface SeedInput {
  readonly csvText: string;
  readonly file: string;
  readonly relation: Relation;
  readonly config: NodeConfig;
  /** recorded on the table (see plan/fingerprint.ts) */
  readonly fingerprint?: string;
}

export interface SeedPlan {
  readonly rows: number;
  readonly columns: { name: string; type: string }[];
  readonly statements: PlannedStatement[];
}

export async function readSeedCsv(csvPath: string): Promise<string> {
  // strictly: a Latin-1 byte would otherwise load as U+FFFD, silently (dbt seeds have no encoding config)
  return decodeUtf8(await readFile(csvPath), csvPath);
}

function parseCsv(input: SeedInput): string[][] {
  try {
    return parse(input.csvText, {
      delimiter: input.config.delimiter ?? ",",
      bom: true,
      skip_empty_lines: true,
      relax_column_count: false,
    }) as string[][];
  } catch (e) {
    const err = e as { message?: string; lines?: number; code?: string };
    // csv-parse names the end of the file for an unclosed quote; the line that opened it is the one to fix
    const line = err.code === "CSV_QUOTE_NOT_CLOSED" ? (unclosedQuoteLine(input.csvText) ?? err.lines) : err.lines;
    throw new PlanError(
      PlanCode.badSeed,
      `Seed ${input.relation.identifier} is not valid CSV: ${err.message ?? String(e)}`,
      {
        location: { file: input.file, line },
        hint: "Fix the CSV (every row needs as many cells as the header).",
      },
    );
  }
}

/** Trino casts 'true'/'false' only in lower case, and timestamps only with a space before the time. */
function castInput(type: string, column: string): string {
  const t = type.toLowerCase();
  if (t === "boolean") return `lower(${column})`;
  if (t.startsWith("timestamp")) return `regexp_replace(${column}, '^(\\d{4}-\\d{2}-\\d{2})T', '$1 ')`;
  return column;
}

/** The line whose quote is still open at the end of the text (a doubled quote toggles twice: no change). */
function unclosedQuoteLine(text: string): number | undefined {
  let line = 1;
  let openedAt: number | undefined;
  for (const ch of text) {
    if (ch === "\n") line++;
    else if (ch === '"') openedAt = openedAt === undefined ? line : undefined;
  }
  return openedAt;
}

/** dbt reads an empty cell as NULL */
const cell = (v: string): string | null => (v === "" ? null : v);

/**
 * The seed's header and rows, or a located TF419: not CSV, no header, two columns of one name. Run before any server
 * is called (execute/run-project.ts), and again by seedStatements.
 */
export function checkSeedCsv(input: Omit<SeedInput, "fingerprint">): { names: string[]; rows: string[][] } {
  const [header, ...rows] = parseCsv(input);
  if (!header || header.length === 0 || header.every((h) => h.trim() === "")) {
    throw new PlanError(PlanCode.badSeed, `Seed ${input.relation.identifier} has no header row.`, {
      location: { file: input.file, line: 1 },
      hint: "The first line of a seed names its columns.",
    });
  }
  const names = header.map((h) => h.trim());
  const twice = names.find((n, i) => names.indexOf(n) !== i);
  if (twice !== undefined)
    throw new PlanError(PlanCode.badSeed, `Seed ${input.relation.identifier} has two columns named '${twice}'.`, {
      location: { file: input.file, line: 1 },
      hint: "Give every column of the header its own name.",
    });
  return { names, rows };
}

export function seedStatements(input: SeedInput): SeedPlan {
  const { names, rows } = checkSeedCsv(input);
  const columns = seedColumnTypes(names, rows, input.config.column_types ?? {});
  const rel = quoteRelation(input.relation);
  const aliases = names.map((_, i) => `c${i}`);
  const rowType = `array(row(${aliases.map((a) => `${a} varchar`).join(", ")}))`;
  const casts = columns
    .map((c, i) => `CAST(${castInput(c.type, `c${i}`)} AS ${c.type}) AS ${quoteIdent(c.name)}`)
    .join(", ");
  const props = withClause(tableProperties(input.config, input.file, input.fingerprint));
  const create = (from: string): string => `CREATE OR REPLACE TABLE ${rel}${props} AS\nSELECT ${casts}\nFROM ${from}`;
  const statements: PlannedStatement[] = [];
  if (rows.length === 0) {
    const nulls = aliases.map((a) => `CAST(NULL AS varchar) AS ${a}`).join(", ");
    statements.push({
      kind: "sql",
      purpose: "create the empty table",
      sql: create(`(SELECT ${nulls}) AS t WHERE false`),
    });
    return { rows: 0, columns, statements };
  }
  let batch: string[] = [];
  let chars = 0;
  const flush = (): void => {
    const from = `UNNEST(CAST(json_parse(${sqlString(`[${batch.join(",\n")}]`)}) AS ${rowType})) AS t(${aliases.join(", ")})`;
    if (statements.length === 0)
      statements.push({ kind: "sql", purpose: `create the table with rows 1–${batch.length}`, sql: create(from) });
    else
      statements.push({
        kind: "sql",
        purpose: `insert ${batch.length} rows`,
        sql: `INSERT INTO ${rel} (${names.map(quoteIdent).join(", ")})\nSELECT ${casts}\nFROM ${from}`,
      });
    batch = [];
    chars = 0;
  };
  for (const row of rows) {
    const tuple = JSON.stringify(row.map(cell));
    // quotes double inside the SQL literal
    const size = tuple.length + 2 + (tuple.match(/'/g)?.length ?? 0);
    if (batch.length > 0 && (chars + size > SEED_BATCH_CHARS || batch.length >= SEED_BATCH_ROWS)) flush();
    batch.push(tuple);
    chars += size;
  }
  flush();
  return { rows: rows.length, columns, statements };
}
