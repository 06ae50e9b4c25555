/**
 * Descriptions as the docs site shows them: `{{ doc('name') }}` replaced by its {% docs %} block, then rendered as
 * Markdown by markdown-it with raw HTML off, so a description can never inject markup or script into the page.
 */
import MarkdownIt from "markdown-it";
import type { DocBlock } from "../../project/types.js";
import { ProjectError } from "../../errors.js";
import { DocsCode } from "../docs-code.js";

const markdown = new MarkdownIt({ html: false, linkify: true });

// doc('name') or doc('package', 'name'), as dbt's docs context takes them
const DOC_CALL = /\{\{-?\s*doc\(\s*(['"])(\w+)\1\s*(?:,\s*(['"])(\w+)\3\s*)?\)\s*-?\}\}/g;

/** Text no Markdown rule (nor linkify, which needs a dot or a colon) changes and no HTML escaping touches. */
const PLAIN = /^[A-Za-z0-9]+(?: [A-Za-z0-9,;]+)*$/;

export type DocLookup = ReadonlyMap<string, string>;

export function docLookup(blocks: readonly DocBlock[]): DocLookup {
  return new Map(blocks.map((b) => [b.name, b.content]));
}

/** The description's Markdown as HTML; `where` names the file that declares it, for the error. */
export function descriptionHtml(text: string, docs: DocLookup, where: { file: string; node: string }): string {
  if (!text) return "";
  // plain words are one paragraph whatever markdown-it makes of them; most generated descriptions are such
  if (PLAIN.test(text)) return `<p>${text}</p>\n`;
  const source = text.replace(DOC_CALL, (_all, _q, first: string, _q2, second: string | undefined) => {
    const name = second ?? first;
    const block = docs.get(name);
    if (block === undefined)
      throw new ProjectError(
        DocsCode.unknownDoc,
        `doc('${name}') in the description of ${where.node} matches no {% docs %} block.`,
        {
          location: { file: where.file },
          node: where.node,
          hint: `Add {% docs ${name} %}…{% enddocs %} to a .md file under the docs-paths (default: the model paths), or fix the name.`,
        },
      );
    return block;
  });
  return markdown.render(source);
}
