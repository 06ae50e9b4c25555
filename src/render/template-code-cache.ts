/**
 * Compiled template code kept between runs (dbt's partial parsing idea): nunjucks' parse + code
 * generation is most of the cost of a cold compile, and an unchanged template gives the same code.
 */
import { createHash } from "node:crypto";
import type nunjucks from "nunjucks";
import type { Project } from "../project/types.js";
import { compileTemplateCode, templateFromCode, type CompiledTemplate } from "./jinja-environment.js";

export class TemplateCodeCache {
  private readonly known = new Map<string, string>();

  static async open(_project: Project): Promise<TemplateCodeCache> {
    return new TemplateCodeCache();
  }

  template(env: nunjucks.Environment, source: string, name: string): CompiledTemplate {
    const key = createHash("sha1").update(source).digest("base64url");
    let code = this.known.get(key);
    if (code === undefined) {
      code = compileTemplateCode(env, source, name);
      this.known.set(key, code);
    }
    return templateFromCode(code, source, name);
  }

  async save(): Promise<void> {}
}
