/**
 * target/docs/index.html: one self-contained page (styles, data and script inlined, nothing fetched), so it opens
 * from file:// and from a CI artifact. The script (browser/app.ts with dagre and tform's selector) is bundled by
 * esbuild from the installed files, once per process.
 */
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";
import { InternalError } from "../../errors.js";
import { DocsCode } from "../docs-code.js";
import type { SiteData } from "./site-data.js";
import { SITE_CSS } from "./site-style.js";

let bundled: Promise<string> | undefined;

/** The compiled app.js in an install; app.ts when tform runs from its sources (the unit tests). */
function appEntry(): string {
  const js = fileURLToPath(new URL("./browser/app.js", import.meta.url));
  return existsSync(js) ? js : fileURLToPath(new URL("./browser/app.ts", import.meta.url));
}

export function siteScript(): Promise<string> {
  bundled ??= build({
    entryPoints: [appEntry()],
    bundle: true,
    write: false,
    format: "iife",
    platform: "browser",
    target: "es2020",
    minify: true,
    legalComments: "none",
    logLevel: "silent",
  }).then(
    (r) => r.outputFiles[0]!.text,
    (e: unknown) => {
      bundled = undefined;
      throw new InternalError(DocsCode.bundleFailed, `The docs page's script could not be bundled: ${String(e)}`, {
        hint: "Reinstall tform (npm ci): esbuild and @dagrejs/dagre must be in its node_modules.",
        cause: e,
      });
    },
  );
  return bundled;
}

const UNICODE_ESCAPES: Readonly<Record<string, string>> = {
  "<": "\\u003c",
  "\u2028": "\\u2028",
  "\u2029": "\\u2029",
};

/** JSON safe inside a <script> element: no `</script>`, `<!--` or line separators that end it early. */
export function scriptJson(value: unknown): string {
  return JSON.stringify(value).replace(/[<\u2028\u2029]/g, (c) => UNICODE_ESCAPES[c]!);
}

const escapeHtml = (text: string): string =>
  text.replace(/[&<>"]/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" })[c]!);

export async function renderSite(data: SiteData): Promise<string> {
  const script = (await siteScript()).replace(/<\/script/gi, "<\\/script");
  return [
    "<!doctype html>",
    '<html lang="en"><head><meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    // an empty icon: otherwise the browser asks the server (or file://) for /favicon.ico and logs a 404
    '<link rel="icon" href="data:,">',
    `<title>${escapeHtml(data.project)} · tform docs</title>`,
    `<style>${SITE_CSS}</style>`,
    "</head><body>",
    `<script type="application/json" id="tform-data">${scriptJson(data)}</script>`,
    `<script>${script}</script>`,
    "</body></html>",
    "",
  ].join("\n");
}
