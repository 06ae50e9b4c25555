/**
 * Where refs point inside a view's body: lakehouse models and sources without their catalog
 * (`"silver"."orders"`), so Trino resolves them against the view's stored session catalog, which is the
 * branch catalog while building and main's once publish rebinds it. A body naming the branch catalog
 * would keep reading the branch after the merge, and fail once that catalog is dropped. Relations in
 * other catalogs (a tpch source, a model with its own `database`) stay fully qualified; the view's own
 * name does too.
 */
import type { Relation } from "../project/types.js";
import type { ParsedProject } from "../render/parse-project.js";

export function viewRelationFor(
  parsed: ParsedProject,
  runCatalog: string,
  viewId: string,
): (uniqueId: string) => Relation {
  const { renderer } = parsed;
  return (id) => {
    const src = renderer.sourceById(id);
    if (src) {
      const database = src.database ?? renderer.target.catalog;
      return database === renderer.target.catalog
        ? { database: "", schema: src.schema, identifier: src.identifier }
        : { database, schema: src.schema, identifier: src.identifier };
    }
    const r = renderer.runRelation(id, runCatalog);
    return id === viewId || r.database !== runCatalog ? r : { ...r, database: "" };
  };
}
