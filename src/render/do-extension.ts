/** Jinja's `{% do expr %}` (the `jinja2.ext.do` extension dbt enables): evaluate for side effects, print nothing. */
import type nunjucks from "nunjucks";

interface ParserLike {
  nextToken(): { value: string };
  parseExpression(): unknown;
  advanceAfterBlockEnd(name: string): void;
}
interface NodesLike {
  NodeList: new (lineno: number, colno: number, children: unknown[]) => unknown;
  CallExtension: new (ext: object, prop: string, args: unknown, contentArgs: unknown[] | null) => unknown;
}

export class DoExtension implements nunjucks.Extension {
  readonly tags = ["do"];

  parse(parser: ParserLike, nodes: NodesLike): unknown {
    const tok = parser.nextToken();
    const expr = parser.parseExpression();
    parser.advanceAfterBlockEnd(tok.value);
    return new nodes.CallExtension(this, "run", new nodes.NodeList(0, 0, [expr]), null);
  }

  run(): string {
    return "";
  }
}
