/** `tform seed`: load seed CSVs into Iceberg tables (fully replaced each run), same flags as run. */
import type { Command } from "commander";
import { configureRunCommand } from "./run.js";

export function configure(cmd: Command): void {
  configureRunCommand(cmd, "seed");
}
