/** `tform history MODEL [--releases N]` */
import type { Command } from "commander";
import { commandAction } from "../command-context.js";
import { modelTable } from "./show.js";

export function configure(cmd: Command): void {
  cmd.argument("<model>", "model name").option("--releases <n>", "how many recent release tags to look up", Number, 10);
  commandAction<{ releases: number }>(cmd, async (opts, ctx, args) => {
    const { target, table } = await modelTable(ctx, args[0]!);
    const { openCatalog, openEngine } = await import("../../publish/open-lakehouse.js");
    const { bindRefCatalog } = await import("../../publish/ref-catalog.js");
    const { modelHistory, timeTravelModeOf } = await import("../../publish/time-travel.js");
    const mode = timeTravelModeOf(target);
    const engine = await openEngine(target);
    try {
      const catalog = target.nessie ? await openCatalog(target, "history") : undefined;
      const snapshots = await modelHistory({
        engine,
        ...(catalog
          ? { releases: { catalog, bindRef: (ref) => bindRefCatalog(engine, target, ref.name), max: opts.releases } }
          : {}),
        trinoCatalog: target.catalog,
        table,
        mode,
      });
      // commits mode: Nessie REST keeps one snapshot per table state; the commit is what `show --at` reads
      const commit = (hash?: string) => (mode === "commits" ? `${(hash ?? "-").padEnd(64)} ` : "");
      ctx.print(
        `${"snapshot".padEnd(20)} ${"committed at".padEnd(28)} ${"operation".padEnd(10)} ${"rows".padStart(10)}  ${commit("nessie commit")}releases`,
      );
      for (const s of snapshots)
        ctx.print(
          `${s.snapshotId.padEnd(20)} ${s.committedAt.padEnd(28)} ${s.operation.padEnd(10)} ${(s.totalRecords ?? "-").padStart(10)}  ${commit(s.commitHash)}${s.releases.join(", ")}`,
        );
      if (mode === "commits")
        ctx.print(
          `(the head of ${target.nessie?.defaultBranch ?? "main"} and its ${opts.releases} newest release tags; Nessie's Iceberg REST keeps no older snapshots in the table)`,
        );
    } finally {
      await engine.close();
    }
  });
}
