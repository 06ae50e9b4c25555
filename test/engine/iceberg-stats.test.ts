/** Iceberg statistics from $files and $snapshots: the SQL sent, the figures read, and tables that cannot be read. */
import { describe, expect, it } from "vitest";
import { filesStatsSql, readIcebergStats, snapshotsSql } from "../../src/engine/iceberg-stats.js";
import { RecordingEngine } from "../../src/engine/recording-engine.js";
import type { QueryResult } from "../../src/engine/engine.js";

const cols = (n: number) => Array.from({ length: n }, (_, i) => ({ name: `c${i}`, type: "varchar" }));

/** answers per table, found by the quoted `$files`/`$snapshots` table name in the statement */
function lakehouse(options: { missing?: string } = {}): RecordingEngine {
  return new RecordingEngine({
    answer: (sql): QueryResult | Error | undefined => {
      if (options.missing && sql.includes(`"${options.missing}$`))
        return new Error(`Table '${options.missing}' does not exist`);
      const tables = [...sql.matchAll(/"(\w+)\$(files|snapshots)"/g)].map((m) => m[1]!);
      if (sql.includes("$files"))
        return { columns: cols(5), rows: tables.map((t) => ["gold", t, 2, t === "orders" ? 90 : 5, 4096]) };
      return {
        columns: cols(7),
        rows: tables.flatMap((t) => [
          ["gold", t, "2", "2026-01-02 00:00:00.000 UTC", "overwrite", "90", "4096"],
          ["gold", t, "1", "2026-01-01 00:00:00.000 UTC", "append", "100", null],
        ]),
      };
    },
  });
}

describe("Iceberg statistics", () => {
  it("counts data-file rows less position deletes, and every file's bytes, from $files in one statement", () => {
    const sql = filesStatsSql("lake", [
      { schema: "gold", identifier: "orders" },
      { schema: "gold", identifier: "it's" },
    ]);
    expect(sql).toContain(`FROM "lake"."gold"."orders$files"`);
    expect(sql).toContain(`SELECT 'gold', 'it''s', count_if(content = 0)`);
    expect(sql).toContain("WHEN 0 THEN record_count WHEN 1 THEN -record_count");
    expect(sql.split("UNION ALL")).toHaveLength(2);
    expect(snapshotsSql("lake", [{ schema: "gold", identifier: "orders" }])).toContain(
      `element_at(summary, 'total-records'), element_at(summary, 'total-files-size') FROM "lake"."gold"."orders$snapshots"`,
    );
  });

  it("reads rows, bytes, files and the snapshots oldest first per table", async () => {
    const engine = lakehouse();
    const stats = await readIcebergStats(engine, "lake", [
      { schema: "gold", identifier: "orders" },
      { schema: "GOLD", identifier: "Items" },
    ]);
    expect(engine.sql).toHaveLength(2);
    expect(stats.get("gold.orders")).toEqual({
      rowCount: 90,
      bytes: 4096,
      files: 2,
      snapshots: [
        { snapshotId: "1", committedAt: "2026-01-01 00:00:00.000 UTC", operation: "append", totalRecords: 100 },
        {
          snapshotId: "2",
          committedAt: "2026-01-02 00:00:00.000 UTC",
          operation: "overwrite",
          totalRecords: 90,
          totalFilesSize: 4096,
        },
      ],
    });
    expect(stats.get("gold.items")?.rowCount).toBe(5);
  });

  it("leaves out a table that cannot be read and still measures the others of its statement", async () => {
    const engine = lakehouse({ missing: "gone" });
    const stats = await readIcebergStats(engine, "lake", [
      { schema: "gold", identifier: "orders" },
      { schema: "gold", identifier: "gone" },
    ]);
    expect([...stats.keys()]).toEqual(["gold.orders"]);
    // each failing statement of two tables is retried table by table
    expect(engine.sql).toHaveLength(6);
  });

  it("sends nothing for no tables", async () => {
    const engine = new RecordingEngine();
    expect((await readIcebergStats(engine, "lake", [])).size).toBe(0);
    expect(engine.sql).toEqual([]);
  });
});
