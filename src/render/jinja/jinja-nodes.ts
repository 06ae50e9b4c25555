/** AST nodes Jinja has and nunjucks lacks (compiled by JinjaCompiler's compile<Name> methods). */
import { nodes } from "./nunjucks-internals.js";

/** `(a, b)` and `(a,)`: a Python tuple (a bare `(a)` stays a group) */
export const Tuple = nodes.NodeList!.extend("Tuple");
/** `*xs` among call arguments, `*rest` in a macro signature */
export const Splat = nodes.Node!.extend("Splat", { fields: ["target"] });
/** `**kw` among keyword arguments, `**rest` in a macro signature */
export const KwSplat = nodes.Node!.extend("KwSplat", { fields: ["target"] });
/** `{% set ns.attr = value %}` on a namespace() */
export const SetAttr = nodes.Node!.extend("SetAttr", { fields: ["target", "val", "value", "body"] });
/** `x[start:stop:step]` */
export const Slice = nodes.Node!.extend("Slice", { fields: ["start", "stop", "step"] });
/** what a `{% for %}` iterates: Python's iteration (a dict yields its keys), filtered by `for x in xs if cond` */
export const LoopItems = nodes.Node!.extend("LoopItems", { fields: ["target", "cond"] });
/** `{% break %}` / `{% continue %}` (jinja2.ext.loopcontrols, which dbt enables); `kind` is the statement */
export const LoopControl = nodes.Node!.extend("LoopControl", { fields: ["kind"] });
