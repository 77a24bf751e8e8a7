// The host page's code, bundled by run.mjs: the MCP Apps reference host (AppBridge) over a real MCP client, as a chat
// client would run it. It lists the tools, reads the view a tool links, renders it in a sandboxed frame under the
// view's content-security policy, calls the tool, and hands the view its result; the bridge forwards the view's own
// tools/call requests to the server.
import { Client, StreamableHTTPClientTransport } from "@modelcontextprotocol/client";
import { AppBridge, PostMessageTransport } from "@modelcontextprotocol/ext-apps/app-bridge";

const MIME_TYPE = "text/html;profile=mcp-app";
const TOOL = "order_status";
const report = (window.hostReport = { steps: [], error: null });

function step(text) {
  report.steps.push(text);
  document.getElementById("log").textContent = report.steps.join("\n");
}

/** The policy the host puts on the view's document from its _meta.ui.csp: nothing outside it unless named. */
function contentSecurityPolicy(csp = {}) {
  const list = (origins) => (origins && origins.length ? origins.join(" ") : "'none'");
  const resources = csp.resourceDomains && csp.resourceDomains.length ? " " + csp.resourceDomains.join(" ") : "";
  return [
    "default-src 'none'",
    "script-src 'unsafe-inline'" + resources,
    "style-src 'unsafe-inline'" + resources,
    "img-src data:" + resources,
    "connect-src " + list(csp.connectDomains),
    "frame-src " + list(csp.frameDomains),
  ].join("; ");
}

async function main() {
  const client = new Client({ name: "bulwark-apps-host", version: "1.0.0" });
  await client.connect(new StreamableHTTPClientTransport(new URL("/mcp", window.location.href)));
  step("connected to " + client.getServerVersion().name);

  const tool = (await client.listTools()).tools.find((candidate) => candidate.name === TOOL);
  const viewUri = tool?._meta?.ui?.resourceUri ?? tool?._meta?.["ui/resourceUri"];
  if (!viewUri) {
    throw new Error("the tool " + TOOL + " links no view");
  }
  step("tool " + TOOL + " links " + viewUri);

  const content = (await client.readResource({ uri: viewUri })).contents[0];
  if (content.mimeType !== MIME_TYPE) {
    throw new Error("the view's MIME type is " + content.mimeType);
  }
  const csp = content._meta?.ui?.csp ?? {};
  step("read the view (" + content.mimeType + ", csp " + JSON.stringify(csp) + ")");

  const frame = document.createElement("iframe");
  frame.sandbox = "allow-scripts";
  frame.title = "MCP App";
  const policy = '<meta http-equiv="Content-Security-Policy" content="' + contentSecurityPolicy(csp) + '">';
  const html = content.text.replace(/<head>/i, "<head>" + policy);

  const bridge = new AppBridge(
    client,
    { name: "bulwark-apps-host", version: "1.0.0" },
    { serverTools: {}, serverResources: {} },
  );
  const input = { orderId: "A-1" };
  bridge.oninitialized = async () => {
    step("the view initialized");
    await bridge.sendToolInput({ arguments: input });
    const result = await client.callTool({ name: TOOL, arguments: input });
    await bridge.sendToolResult(result);
    step("handed the view the result of " + TOOL);
  };
  document.getElementById("app").appendChild(frame);
  await bridge.connect(new PostMessageTransport(frame.contentWindow, frame.contentWindow));
  frame.srcdoc = html;
}

main().catch((error) => {
  report.error = String(error && error.stack ? error.stack : error);
  step("failed: " + report.error);
});
