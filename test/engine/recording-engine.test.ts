import { describe, expect, it } from "vitest";
import { RecordingEngine } from "../../src/engine/recording-engine.js";

describe("RecordingEngine", () => {
  it("records every statement in order and answers from its script", async () => {
    const engine = new RecordingEngine({
      answer: (sql) =>
        sql.startsWith("SELECT") ? { columns: [{ name: "x", type: "integer" }], rows: [[1]] } : undefined,
    });
    await engine.execute("CREATE TABLE a AS SELECT 1", { catalog: "lake" });
    const r = await engine.execute("SELECT 1");
    expect(engine.sql).toEqual(["CREATE TABLE a AS SELECT 1", "SELECT 1"]);
    expect(engine.statements[0]!.catalog).toBe("lake");
    expect(r.rows).toEqual([[1]]);
  });

  it("throws a scripted error", async () => {
    const engine = new RecordingEngine({ answer: () => new Error("TABLE_NOT_FOUND") });
    await expect(engine.execute("SELECT * FROM missing")).rejects.toThrow("TABLE_NOT_FOUND");
  });

  it("cancelAll ends statements still running", async () => {
    const engine = new RecordingEngine({ answer: () => new Promise(() => undefined) });
    const running = engine.execute("SELECT slow()");
    await engine.cancelAll();
    await expect(running).rejects.toThrow(/canceled/);
    expect(engine.cancelled).toBe(1);
  });
});
