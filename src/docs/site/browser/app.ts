/// <reference lib="dom" />
/**
 * The docs page's script, bundled (with dagre and tform's own selector) into index.html by `tform docs generate`.
 * It reads the embedded SiteData and draws: a node list with search, a node's page, the lineage graph of a
 * selection (dbt's selector syntax, evaluated by the same code as `--select`), the releases and the branch's diff.
 */
import dagre from "@dagrejs/dagre";
import type { GraphNode, ProjectGraph } from "../../../graph/project-graph.js";
import { ancestors, descendants, selectNodes } from "../../../graph/select.js";
import type { SiteData, SiteNode } from "../site-data.js";

/** Above this many nodes the page does not lay out a selection at once: dagre's layout grows faster than linearly. */
const MAX_DRAWN = 1500;
const SEARCH_RESULTS = 50;

type Child = Node | string | null | undefined | false;

function h(tag: string, attrs: Record<string, string> = {}, ...children: Child[]): HTMLElement {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, v);
  for (const c of children) if (c !== null && c !== undefined && c !== false) el.append(c);
  return el;
}

const SVG = "http://www.w3.org/2000/svg";
function s(tag: string, attrs: Record<string, string | number> = {}): SVGElement {
  const el = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, String(v));
  return el;
}

const data = JSON.parse(document.getElementById("tform-data")!.textContent!) as SiteData;
const byId = new Map(data.nodes.map((n) => [n.uniqueId, n] as const));

function projectGraph(nodes: readonly SiteNode[]): ProjectGraph {
  const map = new Map<string, GraphNode>(nodes.map((n) => [n.uniqueId, n]));
  const parents = new Map<string, string[]>();
  const children = new Map<string, string[]>();
  for (const n of nodes) {
    const ps = n.dependsOn.filter((p) => map.has(p));
    parents.set(n.uniqueId, ps);
    for (const p of ps) children.set(p, [...(children.get(p) ?? []), n.uniqueId]);
  }
  const order = nodes.map((n) => n.uniqueId);
  return {
    nodes: map,
    order,
    rank: new Map(order.map((id, i) => [id, i])),
    parents: (id) => parents.get(id) ?? [],
    children: (id) => children.get(id) ?? [],
  };
}

const graph = projectGraph(data.nodes);
const isTest = (n: GraphNode): boolean => n.resourceType === "test" || n.resourceType === "unit_test";

function nodeLink(id: string): HTMLElement {
  const n = byId.get(id);
  const a = h("a", { href: `#node/${encodeURIComponent(id)}`, class: `link type-${n?.resourceType ?? "unknown"}` });
  a.textContent = n ? n.name : id;
  return a;
}

function html(markup: string): HTMLElement {
  const div = h("div", { class: "markdown" });
  // rendered at generate time by markdown-it with raw HTML off: the only markup is markdown-it's own
  div.innerHTML = markup;
  return div;
}

const formatNumber = (n: number | undefined): string => (n === undefined ? "–" : n.toLocaleString("en-US"));
function formatBytes(n: number | undefined): string {
  if (n === undefined) return "–";
  const units = ["B", "KiB", "MiB", "GiB", "TiB"];
  let v = n;
  let u = 0;
  while (v >= 1024 && u < units.length - 1) ((v /= 1024), u++);
  return `${v.toFixed(u === 0 ? 0 : 1)} ${units[u]}`;
}

function table(head: readonly string[], rows: readonly Child[][], cls = ""): HTMLElement {
  return h(
    "table",
    { class: cls },
    h("thead", {}, h("tr", {}, ...head.map((c) => h("th", {}, c)))),
    h("tbody", {}, ...rows.map((r) => h("tr", {}, ...r.map((c) => h("td", {}, c))))),
  );
}

function badge(text: string, kind: string): HTMLElement {
  return h("span", { class: `badge badge-${kind}` }, text);
}

function section(title: string, ...children: Child[]): HTMLElement {
  return h("section", {}, h("h2", {}, title), ...children);
}

function code(sql: string | undefined, cls: string): HTMLElement {
  return h("pre", { class: `sql ${cls}` }, h("code", {}, sql ?? ""));
}

// ---- lineage ----

interface Viewport {
  x: number;
  y: number;
  k: number;
}

function drawLineage(ids: readonly string[], focus?: string): HTMLElement {
  const shown = ids.filter((id) => !isTest(graph.nodes.get(id)!));
  const box = h("div", { class: "lineage", "data-nodes": String(shown.length) });
  if (shown.length === 0) return h("p", { class: "empty" }, "Nothing selected.");
  if (shown.length > MAX_DRAWN) {
    box.append(
      h(
        "p",
        { class: "empty" },
        `${shown.length} nodes selected: more than ${MAX_DRAWN} are not drawn at once. Narrow the selection, e.g. +name or tag:x.`,
      ),
    );
    return box;
  }
  const g = new dagre.graphlib.Graph();
  g.setGraph({ rankdir: "LR", nodesep: 14, ranksep: 60, marginx: 20, marginy: 20 });
  g.setDefaultEdgeLabel(() => ({}));
  const set = new Set(shown);
  for (const id of shown) g.setNode(id, { width: Math.max(90, 8 * graph.nodes.get(id)!.name.length + 24), height: 30 });
  for (const id of shown) for (const p of graph.parents(id)) if (set.has(p)) g.setEdge(p, id);
  dagre.layout(g);
  const { width = 0, height = 0 } = g.graph();
  const svg = s("svg", { class: "graph", role: "img", "aria-label": "lineage graph" }) as SVGSVGElement;
  const view = s("g", { class: "viewport" });
  svg.append(view);
  for (const e of g.edges()) {
    const points: readonly { x: number; y: number }[] = g.edge(e).points ?? [];
    const d = points.map((p, i) => `${i === 0 ? "M" : "L"}${p.x},${p.y}`).join(" ");
    view.append(s("path", { class: "edge", d }));
  }
  for (const id of shown) {
    const n = byId.get(id)!;
    const { x, y, width: w, height: hh } = g.node(id);
    const group = s("g", {
      class: `node type-${n.resourceType}${id === focus ? " focus" : ""}${n.diff ? ` diff-${n.diff.status}` : ""}`,
      transform: `translate(${x - w / 2},${y - hh / 2})`,
      "data-id": id,
    });
    group.append(s("rect", { width: w, height: hh, rx: 6 }));
    const label = s("text", { x: w / 2, y: hh / 2 + 4, "text-anchor": "middle" });
    label.textContent = n.name;
    const title = s("title");
    title.textContent = `${n.resourceType} ${n.uniqueId}`;
    group.append(label, title);
    group.addEventListener("click", () => (location.hash = `#node/${encodeURIComponent(id)}`));
    view.append(group);
  }
  const vp: Viewport = { x: 0, y: 0, k: 1 };
  const apply = (): void => view.setAttribute("transform", `translate(${vp.x},${vp.y}) scale(${vp.k})`);
  svg.setAttribute("viewBox", `0 0 ${Math.max(width, 200)} ${Math.max(height, 80)}`);
  svg.addEventListener(
    "wheel",
    (ev) => {
      ev.preventDefault();
      const f = ev.deltaY < 0 ? 1.15 : 1 / 1.15;
      const r = svg.getBoundingClientRect();
      const scale = Math.max(width, 200) / r.width;
      const px = (ev.clientX - r.left) * scale;
      const py = (ev.clientY - r.top) * scale;
      vp.x = px - (px - vp.x) * f;
      vp.y = py - (py - vp.y) * f;
      vp.k *= f;
      apply();
    },
    { passive: false },
  );
  let drag: { x: number; y: number } | undefined;
  svg.addEventListener("pointerdown", (ev) => {
    if ((ev.target as Element).closest(".node")) return;
    drag = { x: ev.clientX, y: ev.clientY };
    svg.setPointerCapture(ev.pointerId);
  });
  svg.addEventListener("pointermove", (ev) => {
    if (!drag) return;
    const scale = Math.max(width, 200) / svg.getBoundingClientRect().width;
    vp.x += (ev.clientX - drag.x) * scale;
    vp.y += (ev.clientY - drag.y) * scale;
    drag = { x: ev.clientX, y: ev.clientY };
    apply();
  });
  svg.addEventListener("pointerup", () => (drag = undefined));
  box.append(svg);
  return box;
}

function selectorFor(n: SiteNode): string {
  return n.resourceType === "source" ? `source:${n.sourceName}.${n.name}` : n.name;
}

function lineageView(selector: string): HTMLElement {
  const input = h("input", {
    id: "selector",
    type: "text",
    value: selector,
    placeholder: "dbt selector: +orders, tag:nightly, path:models/gold, config.materialized:table",
  }) as HTMLInputElement;
  const form = h("form", { class: "selector" }, input, h("button", { type: "submit" }, "Select"));
  form.addEventListener("submit", (ev) => {
    ev.preventDefault();
    location.hash = `#lineage/${encodeURIComponent(input.value)}`;
  });
  let body: HTMLElement;
  try {
    const ids = selector.trim() === "" ? graph.order : selectNodes(graph, { select: [selector] });
    body = drawLineage(ids);
  } catch (e) {
    body = h("p", { class: "error" }, e instanceof Error ? e.message : String(e));
  }
  return h("div", {}, h("h1", {}, "Lineage"), form, body);
}

// ---- pages ----

function statusBadge(n: SiteNode): HTMLElement | null {
  if (!n.lastStatus) return isTest(n) ? badge("not run", "none") : null;
  const kind =
    { pass: "pass", success: "pass", warn: "warn", fail: "fail", error: "fail" }[n.lastStatus.status] ?? "none";
  return badge(n.lastStatus.status, kind);
}

function nodePage(n: SiteNode): HTMLElement {
  const page = h("article", { class: "node-page", "data-id": n.uniqueId });
  page.append(
    h(
      "h1",
      {},
      n.name,
      " ",
      badge(n.resourceType, "type"),
      n.diff ? badge(n.diff.status, `diff-${n.diff.status}`) : null,
    ),
    h("p", { class: "meta" }, n.relation ?? "", n.relation ? " · " : "", n.originalFilePath),
  );
  if (n.description) page.append(section("Description", html(n.description)));
  if (n.stats || n.diff)
    page.append(
      section(
        "Table",
        table(
          [
            "rows",
            "size",
            "data files",
            ...(n.diff ? [`rows on ${data.branch?.name ?? "branch"}`, `rows on ${data.branch?.into ?? "main"}`] : []),
          ],
          [
            [
              formatNumber(n.stats?.rowCount),
              formatBytes(n.stats?.bytes),
              formatNumber(n.stats?.files),
              ...(n.diff ? [formatNumber(n.diff.branchRows), formatNumber(n.diff.intoRows)] : []),
            ],
          ],
        ),
      ),
    );
  if (n.columns.length)
    page.append(
      section(
        "Columns",
        table(
          ["column", "type", "description"],
          n.columns.map((c) => [c.name, c.type ?? "", html(c.description)]),
          "columns",
        ),
      ),
    );
  if (n.tests.length)
    page.append(
      section(
        "Tests",
        table(
          ["test", "status"],
          n.tests.map((id) => [nodeLink(id), statusBadge(byId.get(id)!)]),
        ),
      ),
    );
  if (isTest(n)) {
    page.append(
      section("Last status", statusBadge(n), n.lastStatus?.message ? h("p", {}, n.lastStatus.message) : null),
    );
    page.append(section("Tests", h("p", {}, ...n.dependsOn.flatMap((id) => [nodeLink(id), " "]))));
  }
  if (n.releases.length) page.append(section("Releases", h("ul", {}, ...n.releases.map((r) => h("li", {}, r)))));
  if (n.snapshots.length)
    page.append(
      section(
        "Iceberg snapshots",
        table(
          ["committed at", "snapshot", "operation", "rows", "size"],
          [...n.snapshots]
            .reverse()
            .map((sn) => [
              sn.committedAt,
              sn.snapshotId,
              sn.operation,
              formatNumber(sn.totalRecords),
              formatBytes(sn.totalFilesSize),
            ]),
        ),
      ),
    );
  if (!isTest(n)) {
    const around = new Set([...ancestors(graph, [n.uniqueId]), n.uniqueId, ...descendants(graph, [n.uniqueId])]);
    page.append(
      section(
        "Lineage",
        h("p", {}, h("a", { href: `#lineage/${encodeURIComponent(`+${selectorFor(n)}+`)}` }, `+${selectorFor(n)}+`)),
        drawLineage(
          graph.order.filter((id) => around.has(id)),
          n.uniqueId,
        ),
      ),
    );
  }
  if (n.rawCode !== undefined) page.append(section("Code", code(n.rawCode, "raw")));
  if (n.compiledCode !== undefined) page.append(section("Compiled code", code(n.compiledCode, "compiled")));
  page.append(section("Config", h("pre", { class: "config" }, JSON.stringify(n.config, null, 2))));
  return page;
}

function overview(): HTMLElement {
  const counts = new Map<string, number>();
  for (const n of data.nodes) counts.set(n.resourceType, (counts.get(n.resourceType) ?? 0) + 1);
  const page = h(
    "article",
    { class: "overview" },
    h("h1", {}, data.project),
    h("p", { class: "meta" }, `Generated ${data.generatedAt} from catalog ${data.catalog}`),
    h("p", {}, [...counts].map(([t, c]) => `${c} ${t}${c === 1 ? "" : "s"}`).join(" · ")),
  );
  if (data.branch) {
    const models = data.nodes.filter((n) => n.diff);
    const order = { new: 0, changed: 1, "not-built": 2, unchanged: 3 } as const;
    models.sort((a, b) => order[a.diff!.status] - order[b.diff!.status] || a.name.localeCompare(b.name));
    page.append(
      section(
        `Branch ${data.branch.name} versus ${data.branch.into}`,
        table(
          ["model", "status", `rows on ${data.branch.name}`, `rows on ${data.branch.into}`],
          models.map((n) => [
            nodeLink(n.uniqueId),
            badge(n.diff!.status, `diff-${n.diff!.status}`),
            formatNumber(n.diff!.branchRows),
            formatNumber(n.diff!.intoRows),
          ]),
          "diff",
        ),
      ),
    );
  }
  page.append(
    section(
      "Releases",
      data.releases.length
        ? table(
            ["release", "published at", "models"],
            data.releases.map((r) => [
              r.name,
              r.commitTime ?? "",
              h("span", {}, ...r.nodes.flatMap((id) => [nodeLink(id), " "])),
            ]),
            "releases",
          )
        : h("p", { class: "empty" }, "No release tags on main yet."),
    ),
  );
  return page;
}

// ---- shell: sidebar, search, routing ----

const main = h("main", { id: "content" });
const list = h("nav", { id: "nodes" });
const search = h("input", {
  id: "search",
  type: "search",
  placeholder: "Search models, sources, columns…",
}) as HTMLInputElement;
const results = h("ul", { id: "search-results" });

function renderList(): void {
  const groups = new Map<string, SiteNode[]>();
  for (const n of data.nodes) if (!isTest(n)) groups.set(n.resourceType, [...(groups.get(n.resourceType) ?? []), n]);
  list.replaceChildren(
    ...[...groups].map(([type, nodes]) =>
      h(
        "details",
        { open: "" },
        h("summary", {}, `${type}s (${nodes.length})`),
        h(
          "ul",
          {},
          ...nodes.sort((a, b) => a.name.localeCompare(b.name)).map((n) => h("li", {}, nodeLink(n.uniqueId))),
        ),
      ),
    ),
  );
}

function runSearch(): void {
  const q = search.value.trim().toLowerCase();
  if (!q) return void results.replaceChildren();
  const hits: SiteNode[] = [];
  for (const n of data.nodes) {
    if (
      n.name.toLowerCase().includes(q) ||
      n.columns.some((c) => c.name.toLowerCase().includes(q)) ||
      n.description.toLowerCase().includes(q)
    )
      hits.push(n);
    if (hits.length >= SEARCH_RESULTS) break;
  }
  results.replaceChildren(
    ...(hits.length
      ? hits.map((n) => h("li", {}, nodeLink(n.uniqueId), " ", badge(n.resourceType, "type")))
      : [h("li", { class: "empty" }, "No match.")]),
  );
}

function route(): void {
  const hash = decodeURIComponent(location.hash.slice(1));
  if (hash.startsWith("node/")) {
    const n = byId.get(hash.slice(5));
    main.replaceChildren(n ? nodePage(n) : h("p", { class: "error" }, `No node ${hash.slice(5)}.`));
  } else if (hash === "lineage" || hash.startsWith("lineage/")) {
    main.replaceChildren(lineageView(hash.slice("lineage/".length)));
  } else main.replaceChildren(overview());
  window.scrollTo(0, 0);
}

search.addEventListener("input", runSearch);
// Enter opens the first hit, Escape clears the search
search.addEventListener("keydown", (ev) => {
  if (ev.key === "Enter") results.querySelector("a")?.click();
  if (ev.key === "Enter" || ev.key === "Escape") ((search.value = ""), runSearch());
});
// after the click: a link removed while its click is dispatched does not navigate
results.addEventListener("click", () => setTimeout(() => ((search.value = ""), runSearch())));
window.addEventListener("hashchange", route);
document.body.append(
  h(
    "header",
    {},
    h("a", { href: "#", class: "brand" }, `tform docs · ${data.project}`),
    data.branch ? badge(`branch ${data.branch.name}`, "branch") : null,
    h("a", { href: "#lineage/", id: "lineage-link" }, "Lineage"),
    h("div", { class: "search" }, search, results),
  ),
  h("div", { class: "layout" }, list, main),
);
renderList();
route();
// the browser test and the benchmark wait for this: the page is drawn and answers input
document.documentElement.dataset.ready = "true";
