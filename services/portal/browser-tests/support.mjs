// What every browser test needs: the real binary's demo on a free port with its printed
// credentials, Debian's Chromium driven by Playwright, the API for setting things up, axe-core
// for accessibility, and screenshots of the pages (the README shows them).
import { spawn } from "node:child_process";
import { mkdtempSync, mkdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { createRequire } from "node:module";
import assert from "node:assert/strict";
import { chromium } from "playwright-core";

const here = dirname(fileURLToPath(import.meta.url));
const require = createRequire(import.meta.url);
const AXE = readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");
const BIN = process.env.FLEET_BIN;
const CHROMIUM = process.env.CHROMIUM || "/usr/bin/chromium";
/** Where screenshots go: the README's pictures. */
export const SHOTS = process.env.FLEET_SCREENSHOTS || join(here, "artifacts");

/** Starts `wecom-fleet demo` and resolves once its banner names the address. */
export async function startDemo() {
  assert.ok(BIN, "FLEET_BIN names the wecom-fleet binary");
  const dataDir = mkdtempSync(join(tmpdir(), "fleet-portal-"));
  // As a newcomer runs it: in a folder of its own, where it keeps ./data.
  const child = spawn(BIN, ["demo", "--listen", "127.0.0.1:0"], {
    cwd: dataDir,
    env: { ...process.env, FLEET_LOG_LEVEL: "warn" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  let log = "";
  child.stderr.on("data", (d) => { log += d; });
  const banner = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no banner within 60 s\n${out}\n${log}`)), 60_000);
    child.stdout.on("data", (d) => {
      out += d;
      if (/Platform admin\s+\S+ \/ \S+/.test(out)) { clearTimeout(timer); resolve(out); }
    });
    child.on("exit", (code) => reject(new Error(`demo exited with ${code}\n${out}\n${log}`)));
  });
  const url = banner.match(/Portal\s+(http:\/\/\S+?)\/portal\//)[1];
  const [, adminEmail, adminPassword] = banner.match(/Tenant admin\s+(\S+) \/ (\S+)/);
  const [, platformEmail, platformPassword] = banner.match(/Platform admin\s+(\S+) \/ (\S+)/);
  return {
    url, adminEmail, adminPassword, platformEmail, platformPassword,
    log: () => log,
    async stop() {
      child.kill("SIGTERM");
      await new Promise((r) => { if (child.exitCode !== null) r(); else child.on("exit", r); });
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export async function launch() {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
      "--disable-background-networking", "--disable-component-update", "--disable-sync"],
  });
}

/** The API, for arranging what a test needs (users, tenants, simulated phones). */
export async function api(demo, method, path, token, body) {
  const res = await fetch(demo.url + path, {
    method,
    headers: { "content-type": "application/json", ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : null };
}

export async function token(demo, email, password) {
  const res = await api(demo, "POST", "/api/v1/auth/login", null, { email, password });
  assert.equal(res.status, 200, JSON.stringify(res.body));
  return res.body.access_token;
}

/** Signs in through the sign-in page, by keyboard when `byKeyboard`. */
export async function signIn(page, demo, email, password, { byKeyboard = false } = {}) {
  await page.goto(demo.url + "/portal/login");
  if (byKeyboard) {
    // The email field has focus on arrival; everything else is Tab and Enter.
    await page.keyboard.type(email);
    await page.keyboard.press("Tab");
    await page.keyboard.type(password);
    await page.keyboard.press("Enter");
  } else {
    await page.getByLabel(/Email|邮箱/).fill(email);
    await page.getByLabel(/Password|密码/).fill(password);
    await page.getByRole("button", { name: /Sign in|登录/ }).click();
  }
  await page.waitForURL((u) => !u.pathname.endsWith("/login"));
}

/** No serious or critical axe-core violation on the page as it is now. */
export async function assertAccessible(page, name) {
  // Evaluated through the DevTools protocol, which the page's CSP does not govern.
  await page.evaluate(AXE);
  const result = await page.evaluate(() => window.axe.run(document, { resultTypes: ["violations"] }));
  const bad = result.violations.filter((v) => v.impact === "serious" || v.impact === "critical");
  assert.deepEqual(
    bad.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(" ")).join(", ")})`),
    [],
    `axe-core on ${name}`,
  );
}

export async function screenshot(page, name) {
  mkdirSync(SHOTS, { recursive: true });
  await page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: true });
}
