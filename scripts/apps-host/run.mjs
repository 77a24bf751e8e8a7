// Drives a headless Chromium through the MCP Apps reference host against a running MCP server, as a chat client
// would show a tool's view. Usage: node run.mjs <server base URL> <API key> <screenshot path> <chromium path>.
// Serves a host page on a free loopback port, with /mcp passed on to the server under the key (so the page and the
// server share an origin, as a host's own back end does); checks the view rendered the tool's result, that its
// own tools/call requests came back through the host, that a call needing a scope the key lacks was refused, and
// saves a screenshot. Exits non-zero, saying why, when a check fails.
import * as esbuild from "esbuild";
import { chromium } from "playwright-core";
import http from "node:http";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

const [serverBase, apiKey, screenshot, chromiumPath] = process.argv.slice(2);
if (!serverBase || !apiKey || !screenshot || !chromiumPath) {
  console.error("usage: node run.mjs <server base URL> <API key> <screenshot path> <chromium path>");
  process.exit(2);
}
const here = path.dirname(fileURLToPath(import.meta.url));

const bundle = await esbuild.build({
  entryPoints: [path.join(here, "host.js")],
  bundle: true,
  write: false,
  format: "iife",
  platform: "browser",
  target: "chrome120",
  logLevel: "error",
});
const hostScript = bundle.outputFiles[0].text;
const hostPage = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>MCP Apps host</title>
<style>
  body { font: 14px/1.4 system-ui, sans-serif; margin: 0; background: #f4f6fa; }
  header { background: #1d2433; color: #fff; padding: 10px 16px; font-weight: 600; }
  main { display: flex; gap: 16px; padding: 16px; }
  #app iframe { width: 460px; height: 300px; border: 1px solid #c3cad6; border-radius: 10px; background: #fff; }
  pre { margin: 0; font-size: 12px; white-space: pre-wrap; max-width: 420px; color: #3a4457; }
</style></head>
<body><header>MCP Apps host (reference AppBridge) — the server's view of order_status</header>
<main><div id="app"></div><pre id="log"></pre></main>
<script src="/host.js"></script></body></html>`;

/** The JSON-RPC requests the page sent on to the server: method, and the tool's name and arguments for a call. */
const forwarded = [];
const server = http.createServer((request, response) => {
  if (request.url === "/") {
    response.writeHead(200, { "content-type": "text/html; charset=utf-8" }).end(hostPage);
    return;
  }
  if (request.url === "/host.js") {
    response.writeHead(200, { "content-type": "text/javascript; charset=utf-8" }).end(hostScript);
    return;
  }
  if (!request.url.startsWith("/mcp")) {
    response.writeHead(404).end();
    return;
  }
  const chunks = [];
  request.on("data", (chunk) => chunks.push(chunk));
  request.on("end", () => {
    const body = Buffer.concat(chunks);
    if (body.length > 0) {
      try {
        const message = JSON.parse(body.toString("utf8"));
        forwarded.push({ method: message.method, name: message.params?.name, arguments: message.params?.arguments });
      } catch {
        forwarded.push({ method: "unparsable" });
      }
    }
    const headers = { ...request.headers, "x-api-key": apiKey };
    delete headers.host;
    delete headers.origin;
    delete headers.referer;
    const upstream = http.request(new URL(request.url, serverBase), { method: request.method, headers }, (answer) => {
      response.writeHead(answer.statusCode, answer.headers);
      answer.pipe(response);
    });
    upstream.on("error", (error) => response.writeHead(502).end(String(error)));
    upstream.end(body);
  });
});
await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
const hostUrl = `http://127.0.0.1:${server.address().port}/`;

const profile = fs.mkdtempSync(path.join(os.tmpdir(), "bulwark-apps-chromium-"));
const context = await chromium.launchPersistentContext(profile, {
  executablePath: chromiumPath,
  headless: true,
  viewport: { width: 960, height: 360 },
  args: [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
  ],
});
let failure = null;
try {
  const page = context.pages()[0] ?? (await context.newPage());
  page.on("console", (message) => console.error(`browser: ${message.text()}`));
  await page.goto(hostUrl);
  const view = page.frameLocator("#app iframe");
  try {
    await view.locator("body[data-done='true']").waitFor({ state: "attached", timeout: 60_000 });
  } catch (error) {
    const report = await page.evaluate(() => window.hostReport);
    throw new Error(`the view did not finish within 60 s; the host's steps: ${JSON.stringify(report)}`);
  }
  const shown = await view.locator("#shown").textContent();
  const other = await view.locator("#other").textContent();
  const cancel = await view.locator("#cancel").textContent();
  const checks = [
    [shown === "Order A-1 is shipped", `the view shows the tool's result ("${shown}")`],
    [other === "open", `the view's own order_status call came back ("${other}")`],
    [cancel === "refused", `the view's cancel_order call was refused for want of orders:write ("${cancel}")`],
    [
      forwarded.some((m) => m.method === "tools/call" && m.name === "order_status" && m.arguments?.orderId === "A-3"),
      "the host forwarded the view's order_status call to the server as tools/call",
    ],
    [
      forwarded.some((m) => m.method === "tools/call" && m.name === "cancel_order"),
      "the host forwarded the view's cancel_order call to the server as tools/call",
    ],
    [forwarded.some((m) => m.method === "resources/read"), "the host read the view with resources/read"],
  ];
  for (const [ok, what] of checks) {
    console.log(`${ok ? "ok" : "FAILED"}: ${what}`);
    if (!ok && !failure) {
      failure = what;
    }
  }
  fs.mkdirSync(path.dirname(screenshot), { recursive: true });
  await page.screenshot({ path: screenshot });
  console.log(`screenshot: ${screenshot}`);
} catch (error) {
  failure = String(error && error.message ? error.message : error);
} finally {
  await context.close();
  server.closeAllConnections();
  server.close();
  await esbuild.stop();
  fs.rmSync(profile, { recursive: true, force: true });
}
if (failure) {
  console.error(`apps-host: ${failure}`);
  process.exit(1);
}
// The proxy's kept-alive connections to the server would hold the process open.
process.exit(0);
