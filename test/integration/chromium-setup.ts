/**
 * Debian's chromium for the browser tests, driven by playwright-core (which ships no browser). As the REST sandbox
 * does for PostgreSQL, a missing chromium is installed with apt-get when the tests run as root (CI does); otherwise
 * the test fails with the command to run.
 */
import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { chromium, type Browser } from "playwright-core";

const CANDIDATES = ["/usr/bin/chromium", "/usr/bin/chromium-browser"];

const found = (): string | undefined => CANDIDATES.find((p) => existsSync(p));

export function chromiumPath(): string {
  const present = found();
  if (present) return present;
  if (process.getuid?.() !== 0)
    throw new Error("The browser tests need Debian's chromium: run `sudo apt-get install -y chromium` and try again.");
  process.stderr.write("[browser] installing chromium (apt-get install chromium) for the docs site test\n");
  const env = { ...process.env, DEBIAN_FRONTEND: "noninteractive" };
  execFileSync("apt-get", ["update", "-qq"], { stdio: "inherit", env });
  execFileSync("apt-get", ["install", "-y", "-qq", "chromium"], { stdio: "inherit", env });
  const installed = found();
  if (!installed) throw new Error("apt-get installed chromium, but no chromium binary is in /usr/bin.");
  return installed;
}

/** Headless chromium; --no-sandbox because CI runs as root, where chromium's own sandbox refuses to start. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: chromiumPath(), headless: true, args: ["--no-sandbox"] });
}
