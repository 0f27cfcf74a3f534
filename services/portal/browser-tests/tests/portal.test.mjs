// The portal in a real browser against the real binary: signing in and out, CSRF, roles,
// the live QR login, languages, tenant isolation, accessibility; screenshots of each page.
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { api, assertAccessible, launch, screenshot, signIn, startDemo, token } from "../support.mjs";

let demo;
let browser;
let adminToken;

before(async () => {
  demo = await startDemo();
  browser = await launch();
  adminToken = await token(demo, demo.adminEmail, demo.adminPassword);
});

after(async () => {
  await browser?.close();
  await demo?.stop();
});

async function newPage() {
  const context = await browser.newContext({ locale: "en-US" });
  return context.newPage();
}

async function createAccount(name) {
  const res = await api(demo, "POST", "/api/v1/accounts", adminToken, { account_name: name, connector: "simulator" });
  assert.equal(res.status, 201, JSON.stringify(res.body));
  return res.body.account_id;
}

describe("signing in", () => {
  it("signs in by keyboard, shows the dashboard, and signs out for good", async () => {
    const page = await newPage();
    await signIn(page, demo, demo.adminEmail, demo.adminPassword, { byKeyboard: true });
    await page.getByRole("heading", { name: "Dashboard" }).waitFor();
    await assertAccessible(page, "dashboard");
    await screenshot(page, "dashboard");
    const cookies = await page.context().cookies();
    const session = cookies.find((c) => c.name === "fleet_session");
    assert.ok(session.httpOnly, "the session cookie is HttpOnly");
    assert.equal(session.sameSite, "Lax");
    await page.getByRole("button", { name: "Sign out" }).click();
    await page.getByText("You have signed out.").waitFor();
    await assertAccessible(page, "sign-in");
    await screenshot(page, "sign-in");
    // The old cookie is revoked server-side, not only forgotten: replaying it fails.
    const replay = await page.context().request.get(demo.url + "/portal/", {
      headers: { cookie: `fleet_session=${session.value}` }, maxRedirects: 0,
    });
    assert.equal(replay.status(), 303);
    assert.match(replay.headers().location, /\/portal\/login\?next=/);
  });

  it("sends an expired visitor to sign-in and back to the page they wanted", async () => {
    const page = await newPage();
    await page.goto(demo.url + "/portal/accounts?status=online");
    assert.match(page.url(), /\/portal\/login\?next=/);
    await page.getByLabel("Email").fill(demo.adminEmail);
    await page.getByLabel("Password").fill(demo.adminPassword);
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.waitForURL(/\/portal\/accounts\?status=online$/);
  });

  it("shows a wrong password next to the form, in words", async () => {
    const page = await newPage();
    await page.goto(demo.url + "/portal/login");
    await page.getByLabel("Email").fill(demo.adminEmail);
    await page.getByLabel("Password").fill("not-the-password");
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.getByRole("alert").filter({ hasText: "The email or the password is wrong." }).waitFor();
  });

  it("refuses a state-changing request without the CSRF token", async () => {
    const page = await newPage();
    await signIn(page, demo, demo.adminEmail, demo.adminPassword);
    const id = await createAccount("csrf-target");
    const forged = await page.context().request.post(`${demo.url}/portal/accounts/${id}/login`, {
      form: { _csrf: "forged" }, maxRedirects: 0,
    });
    assert.equal(forged.status(), 403);
    const account = await api(demo, "GET", `/api/v1/accounts/${id}`, adminToken);
    assert.equal(account.body.status, "created", "nothing happened");
  });
});

describe("roles", () => {
  it("shows a viewer no write buttons and refuses a crafted write", async () => {
    const created = await api(demo, "POST", "/api/v1/users", adminToken, {
      email: "viewer@demo.local", password: "viewer-password-1", role: "viewer",
    });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    const id = await createAccount("viewed");
    const page = await newPage();
    await signIn(page, demo, "viewer@demo.local", "viewer-password-1");
    await page.goto(`${demo.url}/portal/accounts/${id}`);
    await page.getByRole("heading", { name: "viewed" }).waitFor();
    assert.equal(await page.getByRole("button", { name: "Log in with QR code" }).count(), 0);
    assert.equal(await page.getByRole("link", { name: "New account" }).count(), 0);
    // The token is the page's own: only the role stands in the way.
    const csrf = await page.locator("input[name=_csrf]").first().inputValue();
    const crafted = await page.context().request.post(`${demo.url}/portal/accounts/${id}/login`, {
      form: { _csrf: csrf }, maxRedirects: 0,
    });
    assert.equal(crafted.status(), 403);
    assert.match(await crafted.text(), /Not allowed/);
  });
});

describe("an account's QR login", () => {
  it("walks every stage live, without a reload", async () => {
    const page = await newPage();
    await signIn(page, demo, demo.adminEmail, demo.adminPassword);
    await page.goto(demo.url + "/portal/accounts/new");
    await page.getByLabel("Name").fill("Front desk");
    await page.getByLabel("Connector", { exact: true }).selectOption("simulator");
    await page.getByRole("button", { name: "Create account" }).click();
    await page.getByRole("heading", { name: "Front desk" }).waitFor();
    const id = page.url().split("/").pop();
    await page.locator("[data-live-indicator]:not([hidden])").waitFor();
    // A marker a reload would wipe.
    await page.evaluate(() => { window.__noReload = true; });

    await page.getByRole("button", { name: "Log in with QR code" }).click();
    await page.getByRole("img", { name: "QR code to scan with the WeCom app" }).waitFor();
    await page.locator("[data-stage=waiting_scan]").waitFor();
    await assertAccessible(page, "account, waiting for the scan");
    await screenshot(page, "account-qr");

    // The phone acts elsewhere (through the API): the page follows by its event stream.
    const scanned = await api(demo, "POST", `/api/v1/simulator/accounts/${id}/scan`, adminToken, {});
    assert.equal(scanned.status, 200);
    await page.locator("[data-stage=waiting_confirm]").waitFor();
    const verification = await api(demo, "POST", `/api/v1/simulator/accounts/${id}/require-verification`, adminToken, {});
    assert.equal(verification.status, 200);
    await page.locator("[data-stage=needs_verification]").waitFor();
    await page.getByLabel("Verification code").fill("999999");
    await page.getByRole("button", { name: "Verify" }).click();
    await page.getByRole("alert").waitFor();
    // The demo's simulator accepts `simulator.verification_code`, 000000 by default.
    await page.getByLabel("Verification code").fill("000000");
    await page.getByRole("button", { name: "Verify" }).click();
    await page.locator("[data-status=online]").waitFor();
    await screenshot(page, "account-online");

    // The simulated phone's buttons on the page work too.
    await page.getByRole("button", { name: "Drop the session" }).click();
    await page.locator("[data-status=recovering]").waitFor();
    assert.equal(await page.evaluate(() => window.__noReload), true, "the page was never reloaded");
    await page.getByRole("heading", { name: "History" }).waitFor();
    assert.ok(await page.locator(".timeline li").count() >= 5);
  });
});

describe("the accounts list", () => {
  it("filters by status and name", async () => {
    await createAccount("Shanghai sales 1");
    await createAccount("Beijing support");
    const page = await newPage();
    await signIn(page, demo, demo.adminEmail, demo.adminPassword);
    await page.goto(demo.url + "/portal/accounts");
    await page.getByLabel("Name contains").fill("shanghai");
    await page.getByRole("button", { name: "Filter" }).click();
    await page.getByRole("link", { name: "Shanghai sales 1" }).waitFor();
    assert.equal(await page.getByRole("link", { name: "Beijing support" }).count(), 0);
    await page.goto(demo.url + "/portal/accounts");
    await assertAccessible(page, "accounts");
    await screenshot(page, "accounts");
  });
});

describe("languages", () => {
  it("switches to Chinese and remembers it", async () => {
    const page = await newPage();
    await signIn(page, demo, demo.adminEmail, demo.adminPassword);
    await page.getByLabel("Language").selectOption("zh-CN");
    await page.getByRole("button", { name: "OK" }).click();
    await page.getByRole("heading", { name: "概览" }).waitFor();
    await page.reload();
    await page.getByRole("heading", { name: "概览" }).waitFor();
    assert.equal(await page.getAttribute("html", "lang"), "zh-CN");
    await assertAccessible(page, "dashboard in Chinese");
    await screenshot(page, "dashboard-zh");
  });

  it("follows Accept-Language on a first visit", async () => {
    const context = await browser.newContext({ locale: "zh-CN" });
    const page = await context.newPage();
    await page.goto(demo.url + "/portal/login");
    await page.getByRole("heading", { name: "登录" }).waitFor();
  });
});

describe("tenant isolation", () => {
  it("gives another tenant's user none of this tenant's pages", async () => {
    const id = await createAccount("Ours only");
    const platform = await token(demo, demo.platformEmail, demo.platformPassword);
    const other = await api(demo, "POST", "/api/v1/tenants", platform, {
      name: "Other", code: "other", admin_email: "admin@other.test", admin_password: "other-password-1",
    });
    assert.equal(other.status, 201, JSON.stringify(other.body));
    const page = await newPage();
    await signIn(page, demo, "admin@other.test", "other-password-1");
    for (const path of [`/portal/accounts/${id}`, `/portal/accounts/${id}/panel`]) {
      const res = await page.goto(demo.url + path);
      assert.equal(res.status(), 404, path);
      await page.getByRole("heading", { name: "Not found" }).waitFor();
    }
    await assertAccessible(page, "not found");
    await page.goto(demo.url + "/portal/accounts");
    assert.equal(await page.getByRole("link", { name: "Ours only" }).count(), 0);
    const csrf = await page.locator("input[name=_csrf]").first().inputValue();
    const poke = await page.context().request.post(`${demo.url}/portal/accounts/${id}/login`, {
      form: { _csrf: csrf }, maxRedirects: 0,
    });
    assert.equal(poke.status(), 404);
  });
});
