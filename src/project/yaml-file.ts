/**
 * YAML as dbt reads it (PyYAML): a duplicated key keeps the last value, with a warning instead of an error;
 * syntax errors become a located ProjectError; `locate(path)` finds the line of any key for later errors.
 * The YAML 1.2 core schema is used (so `yes`/`no` stay strings, unlike PyYAML's YAML 1.1).
 */
import { isMap, isPair, isScalar, isSeq, LineCounter, parseDocument, type Document, type Node } from "yaml";
import { ProjectError, type SourceLocation } from "../errors.js";
import { ProjectCode, ProjectWarning } from "./project-code.js";
import type { Warning } from "./types.js";

export type YamlPath = readonly (string | number)[];

export interface YamlFile {
  /** path relative to the project root */
  readonly file: string;
  readonly value: unknown;
  /** The location of the key (or list item) at `path`, or of its nearest existing ancestor. */
  locate(path: YamlPath): SourceLocation;
}

const HINTS: Record<string, string> = {
  BAD_INDENT: "Indent nested keys with spaces, consistently (two spaces per level is usual).",
  TAB_AS_INDENT: "YAML does not allow tabs for indentation: use spaces.",
  MISSING_CHAR: "A closing quote or bracket is missing.",
  BLOCK_AS_IMPLICIT_KEY: "Check the indentation against the lines above (items of one list line up), and that every key has its `:`.",
  MULTILINE_IMPLICIT_KEY: "A key must fit on one line; quote the value if it contains ': '.",
  UNEXPECTED_TOKEN: "Quote values that start with `{`, `[`, `*`, `&`, `!`, `%`, `@` or contain ': ' (e.g. \"{{ ref('x') }}\").",
};

export function parseYamlFile(text: string, file: string, warnings: Warning[]): YamlFile {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, uniqueKeys: false, merge: true, prettyErrors: false });
  const lines = text.split("\n");
  const at = (offset: number): SourceLocation => {
    const { line, col } = lineCounter.linePos(offset);
    return { file, line, col, excerpt: lines[line - 1]?.replace(/\r$/, "") };
  };
  const error = doc.errors[0];
  if (error) {
    const loc = at(error.pos[0]);
    const message = error.message.split("\n")[0]!.replace(/ at line \d+, column \d+:?$/, "");
    throw new ProjectError(ProjectCode.yamlSyntax, `YAML syntax error in ${file}:${loc.line}:${loc.col}: ${message}`, {
      location: loc,
      hint: HINTS[error.code] ?? "Fix the YAML at this line (check indentation, quotes and `:` after keys).",
    });
  }
  warnDuplicateKeys(doc, at, warnings);
  const value: unknown = doc.toJS({ maxAliasCount: -1 });
  return {
    file,
    value,
    locate(path) {
      const node = nodeAt(doc, path);
      return node?.range ? at(node.range[0]) : { file };
    },
  };
}

function nodeAt(doc: Document, path: YamlPath): Node | undefined {
  let node: unknown = doc.contents;
  let found = node as Node | undefined;
  for (const seg of path) {
    if (isMap(node)) {
      const pair = [...node.items].reverse().find((p) => isScalar(p.key) && String(p.key.value) === String(seg));
      if (!pair) return found;
      found = (isScalar(pair.key) ? pair.key : found) as Node | undefined;
      node = pair.value;
    } else if (isSeq(node) && typeof seg === "number") {
      node = node.items[seg];
      if (!node) return found;
      found = node as Node;
    } else return found;
  }
  return found;
}

function warnDuplicateKeys(doc: Document, at: (offset: number) => SourceLocation, warnings: Warning[]): void {
  const visit = (node: unknown): void => {
    if (isMap(node)) {
      const seen = new Set<string>();
      for (const pair of node.items) {
        if (!isPair(pair)) continue;
        if (isScalar(pair.key)) {
          const key = String(pair.key.value);
          if (seen.has(key) && pair.key.range) {
            const loc = at(pair.key.range[0]);
            warnings.push({ code: ProjectWarning.duplicateKey, message: `Duplicate key '${key}' in ${loc.file}:${loc.line}: the last value is used (as dbt does).`, location: loc });
          }
          seen.add(key);
        }
        visit(pair.value);
      }
    } else if (isSeq(node)) for (const item of node.items) visit(item);
  };
  visit(doc.contents);
}
