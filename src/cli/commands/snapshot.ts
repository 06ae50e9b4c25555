/** `tform snapshot --branch dev`: runs the selected snapshots (SCD type 2 tables), same flags as run. */
import type { Command } from "commander";
import { configureRunCommand } from "./run.js";

export function configure(cmd: Command): void {
  configureRunCommand(cmd, "snapshot");
}
