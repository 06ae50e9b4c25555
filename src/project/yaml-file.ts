/**
 * YAML as dbt reads it (PyYAML): a duplicated key keeps the last value, with a warning instead of an error;
 * syntax errors become a located ProjectError; `locate(path)` finds the line of any key for later errors.
 * js-yaml parses (about 10× faster than the `yaml` package on large properties files) and reports node
 * positions through its listener; the `yaml` package only explains syntax errors. Core schema plus merge keys:
 * dates stay strings, `yes`/`no` stay strings (unlike PyYAML's YAML 1.1).
 */
import jsYaml from "js-yaml";
import { LineCounter, parseDocument } from "yaml";
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

// js-yaml exports its types at run time; @types/js-yaml does not declare them
const { merge } = (jsYaml as unknown as { types: { merge: jsYaml.Type } }).types;
const SCHEMA = jsYaml.CORE_SCHEMA.extend({ implicit: [merge] });

const HINTS: Record<string, string> = {
  BAD_INDENT: "Indent nested keys with spaces, consistently (two spaces per level is usual).",
  TAB_AS_INDENT: "YAML does not allow tabs for indentation: use spaces.",
  MISSING_CHAR: "A closing quote or bracket is missing.",
  BLOCK_AS_IMPLICIT_KEY:
    "Check the indentation against the lines above (items of one list line up), and that every key has its `:`.",
  MULTILINE_IMPLICIT_KEY: "A key must fit on one line; quote the value if it contains ': '.",
  UNEXPECTED_TOKEN:
    "Quote values that start with `{`, `[`, `*`, `&`, `!`, `%`, `@` or contain ': ' (e.g. \"{{ ref('x') }}\").",
};

/** A node as js-yaml composed it: where it starts and, for collections, its children (keys and values alternate in maps). */
interface PositionNode {
  readonly line: number; // 1-based
  readonly col: number; // 1-based
  readonly children: PositionNode[];
  kind?: string | null;
  scalar?: unknown;
}

interface ListenerState {
  readonly line: number;
  readonly lineStart: number;
  readonly position: number;
  readonly kind: string | null;
  readonly result: unknown;
}

export function parseYamlFile(text: string, file: string, warnings: Warning[]): YamlFile {
  const lines = text.split("\n");
  const loc = (line: number, col?: number): SourceLocation => ({
    file,
    line,
    ...(col === undefined ? {} : { col }),
    excerpt: lines[line - 1]?.replace(/\r$/, ""),
  });
  const root: PositionNode = { line: 1, col: 1, children: [] };
  const stack: PositionNode[] = [root];
  let value: unknown;
  try {
    value = jsYaml.load(text, {
      schema: SCHEMA,
      json: true, // a duplicated key overrides, as in PyYAML
      listener(event: string, s: ListenerState) {
        if (event === "open") {
          const node: PositionNode = { line: s.line + 1, col: s.position - s.lineStart + 1, children: [] };
          stack[stack.length - 1]!.children.push(node);
          stack.push(node);
        } else {
          const node = stack.pop()!;
          node.kind = s.kind;
          if (s.result === null || typeof s.result !== "object") node.scalar = s.result;
        }
      },
    } as jsYaml.LoadOptions);
  } catch (e) {
    throw syntaxError(e, text, file, loc);
  }
  const top = root.children[0];
  if (top) warnDuplicateKeys(top, loc, warnings);
  return {
    file,
    value,
    locate(path) {
      const node = top ? nodeAt(top, path) : undefined;
      return node ? loc(node.line, node.col) : { file };
    },
  };
}

/** Key/value pairs of a mapping node; undefined when its children do not alternate as expected. */
function pairs(node: PositionNode): [PositionNode, PositionNode][] | undefined {
  if (node.kind !== "mapping" || node.children.length % 2 !== 0) return undefined;
  const out: [PositionNode, PositionNode][] = [];
  for (let i = 0; i < node.children.length; i += 2) out.push([node.children[i]!, node.children[i + 1]!]);
  return out;
}

function nodeAt(top: PositionNode, path: YamlPath): PositionNode {
  let node = top;
  let found = top;
  for (const seg of path) {
    const kv = pairs(node);
    if (kv) {
      const pair = kv.reverse().find(([k]) => String(k.scalar) === String(seg));
      if (!pair) return found;
      [found, node] = pair;
    } else if (node.kind === "sequence" && typeof seg === "number" && node.children[seg]) {
      node = found = node.children[seg]!;
    } else return found;
  }
  return found;
}

function warnDuplicateKeys(
  node: PositionNode,
  loc: (line: number, col?: number) => SourceLocation,
  warnings: Warning[],
): void {
  const kv = pairs(node);
  if (kv) {
    const seen = new Set<string>();
    for (const [k] of kv) {
      const key = String(k.scalar);
      if (seen.has(key) && key !== "<<") {
        const at = loc(k.line, k.col);
        warnings.push({
          code: ProjectWarning.duplicateKey,
          message: `Duplicate key '${key}' in ${at.file}:${at.line}: the last value is used (as dbt does).`,
          location: at,
        });
      }
      seen.add(key);
    }
  }
  for (const child of node.children) if (child.children.length > 0) warnDuplicateKeys(child, loc, warnings);
}

/** The `yaml` package explains syntax errors better (codes for hints); js-yaml's mark is the fallback. */
function syntaxError(
  e: unknown,
  text: string,
  file: string,
  loc: (line: number, col?: number) => SourceLocation,
): ProjectError {
  const lineCounter = new LineCounter();
  const error = parseDocument(text, { lineCounter, uniqueKeys: false, prettyErrors: false }).errors[0];
  let at: SourceLocation;
  let message: string;
  let hint: string | undefined;
  if (error) {
    const pos = lineCounter.linePos(error.pos[0]);
    at = loc(pos.line, pos.col);
    message = error.message.split("\n")[0]!.replace(/ at line \d+, column \d+:?$/, "");
    hint = HINTS[error.code];
  } else {
    const mark = (e as { mark?: { line: number; column: number } }).mark;
    at = mark ? loc(mark.line + 1, mark.column + 1) : { file };
    message = String((e as { reason?: string }).reason ?? (e as Error).message ?? e);
  }
  return new ProjectError(
    ProjectCode.yamlSyntax,
    `YAML syntax error in ${file}:${at.line ?? "?"}:${at.col ?? "?"}: ${message}`,
    {
      location: at,
      hint: hint ?? "Fix the YAML at this line (check indentation, quotes and `:` after keys).",
      cause: e,
    },
  );
}
