/** The docs page's styles, inlined into index.html (no stylesheet to fetch: the page opens from file://). */
export const SITE_CSS = `
:root { --fg: #1d232b; --muted: #66707c; --line: #dde2e8; --bg: #f7f8fa; --accent: #2f6fde; font-family: system-ui, sans-serif; color: var(--fg); }
body { margin: 0; background: var(--bg); }
header { display: flex; gap: 1rem; align-items: center; padding: .5rem 1rem; background: #fff; border-bottom: 1px solid var(--line); position: sticky; top: 0; z-index: 2; }
header .brand { font-weight: 600; color: var(--fg); text-decoration: none; }
header .search { margin-left: auto; position: relative; }
#search { width: 22rem; padding: .35rem .5rem; border: 1px solid var(--line); border-radius: 4px; }
#search-results { position: absolute; right: 0; top: 2.2rem; width: 26rem; margin: 0; padding: 0; list-style: none; background: #fff; border: 1px solid var(--line); max-height: 60vh; overflow: auto; }
#search-results:empty { display: none; }
#search-results li { padding: .3rem .6rem; border-bottom: 1px solid var(--line); }
.layout { display: flex; align-items: flex-start; }
#nodes { width: 17rem; flex: none; padding: .5rem 1rem; max-height: calc(100vh - 3rem); overflow: auto; position: sticky; top: 3rem; font-size: .9rem; }
#nodes ul { list-style: none; margin: .2rem 0 .6rem; padding-left: .8rem; }
#nodes summary { cursor: pointer; color: var(--muted); text-transform: capitalize; }
main { flex: 1; min-width: 0; padding: 1rem 2rem 3rem; }
h1 { font-size: 1.5rem; margin: .2rem 0 .4rem; }
h2 { font-size: 1.05rem; margin: 1.4rem 0 .4rem; color: var(--muted); }
.meta { color: var(--muted); font-size: .9rem; }
a { color: var(--accent); }
table { border-collapse: collapse; background: #fff; font-size: .9rem; }
th, td { border: 1px solid var(--line); padding: .25rem .6rem; text-align: left; vertical-align: top; }
th { background: #eef1f5; }
td .markdown p { margin: 0; }
pre { background: #fff; border: 1px solid var(--line); padding: .6rem; overflow: auto; font-size: .85rem; }
.badge { display: inline-block; font-size: .75rem; padding: .05rem .45rem; border-radius: 999px; background: #e3e7ec; color: var(--fg); vertical-align: middle; }
.badge-pass { background: #d5f2dc; } .badge-warn { background: #fdf0c4; } .badge-fail { background: #fbd3d0; }
.badge-branch { background: #dfe9fc; }
.badge-diff-new, .diff-new rect { background: #d5f2dc; fill: #d5f2dc; }
.badge-diff-changed, .diff-changed rect { background: #fdf0c4; fill: #fdf0c4; }
.empty { color: var(--muted); } .error { color: #b3261e; }
.selector { display: flex; gap: .5rem; margin: .5rem 0; }
#selector { flex: 1; padding: .35rem .5rem; font-family: ui-monospace, monospace; }
.lineage { background: #fff; border: 1px solid var(--line); }
svg.graph { width: 100%; height: 70vh; cursor: grab; display: block; }
.node-page svg.graph { height: 40vh; }
.node rect { fill: #fff; stroke: #8a96a3; }
.node { cursor: pointer; font-size: 12px; }
.node.type-source rect { fill: #e8f5e9; } .node.type-seed rect { fill: #f3e5f5; } .node.type-snapshot rect { fill: #fff3e0; }
.node.focus rect { stroke: var(--accent); stroke-width: 2.5; }
.edge { fill: none; stroke: #b0b8c2; stroke-width: 1.2; }
`;
