/** How an error looks on the console: one located line, the offending source line with a caret, the hint. */
import { scrubSecrets, TformError } from "../errors.js";

const RESOURCE_PREFIX = /^(model|seed|test|source|snapshot|analysis)\.[^.]+\.(.+)$/;

/** "model.shop.orders" → "model orders"; a plain name stays as it is. */
function describeNode(node: string): string {
  const m = RESOURCE_PREFIX.exec(node);
  return m ? `${m[1]} ${m[2]}` : node;
}

function excerptLines(line: number | undefined, col: number | undefined, excerpt: string): string[] {
  const gutter = line === undefined ? "" : String(line);
  const pad = " ".repeat(gutter.length);
  const out = [`  ${gutter} | ${excerpt}`];
  if (col !== undefined && col >= 1) out.push(`  ${pad} | ${" ".repeat(col - 1)}^`);
  return out;
}

function causeChain(error: Error): string[] {
  const out: string[] = [];
  let cause = error.cause;
  while (cause instanceof Error) {
    out.push(`Caused by: ${cause.stack ?? cause.message}`);
    cause = cause.cause;
  }
  return out;
}

export function formatError(error: unknown, options: { debug: boolean }): string {
  const lines: string[] = [];
  if (error instanceof TformError) {
    const where = error.location
      ? [error.location.file, error.location.line, error.location.line !== undefined ? error.location.col : undefined]
          .filter((p) => p !== undefined)
          .join(":")
      : undefined;
    const node = error.node ? ` in ${describeNode(error.node)}` : "";
    lines.push(`${error.name} ${error.code}${node}${where ? ` (${where})` : ""}: ${error.message}`);
    if (error.location?.excerpt !== undefined)
      lines.push(...excerptLines(error.location.line, error.location.col, error.location.excerpt));
    if (error.hint) lines.push(`Hint: ${error.hint}`);
  } else {
    const message = error instanceof Error ? error.message : String(error);
    lines.push(`InternalError TF900: unexpected error: ${message}`);
    lines.push("Hint: this is a bug in tform; rerun with --debug and report the output.");
  }
  if (options.debug && error instanceof Error) lines.push(error.stack ?? "", ...causeChain(error));
  return scrubSecrets(lines.join("\n"));
}
