// End-to-end check of the Spring Boot sample (samples/spring-boot-app) with the TypeScript SDK v2 client.
//
//   ORDERS_MANAGER_KEY=... ORDERS_CLERK_KEY=... node e2e-orders.mjs <streamable-http-url> <era> <order-to-cancel>
//
// <era> is 2026-07-28 (pinned, no fallback) or 2025-11-25 (the legacy initialize handshake). As the manager (scope
// orders:write) it lists the tools, calls order_status and cancel_order; as the clerk (no orders:write) it calls
// cancel_order, which the server must refuse. Prints one JSON summary line on stdout and exits 0, or prints a clear
// message on stderr and exits 1.
import { Client, StreamableHTTPClientTransport } from '@modelcontextprotocol/client';

const MODERN = '2026-07-28';
const LEGACY = '2025-11-25';
const TIMEOUT_MS = 60_000;

function fail(message) {
    process.stderr.write(`e2e-orders failed: ${message}\n`);
    process.exit(1);
}

function keyOf(name) {
    const key = process.env[name];
    if (!key) {
        fail(`set ${name}`);
    }
    return key;
}

async function connected(url, era, apiKey) {
    const client = new Client(
        { name: 'bulwark-ts-orders-e2e', version: '1.0.0' },
        { versionNegotiation: { mode: era === MODERN ? { pin: MODERN } : 'legacy' } }
    );
    const transport = new StreamableHTTPClientTransport(new URL(url), {
        requestInit: { headers: { 'X-API-Key': apiKey } }
    });
    await client.connect(transport, { timeout: TIMEOUT_MS });
    const negotiated = client.getNegotiatedProtocolVersion();
    if (negotiated !== era) {
        await client.close().catch(() => {});
        throw new Error(`negotiated ${negotiated}, expected ${era}`);
    }
    return client;
}

async function step(what, action) {
    try {
        return await action();
    } catch (e) {
        throw new Error(`${what}: ${e?.message ?? e}`);
    }
}

async function run(url, era, orderToCancel) {
    const summary = { protocolVersion: era };
    const manager = await step('connect as manager', () => connected(url, era, keyOf('ORDERS_MANAGER_KEY')));
    try {
        summary.serverName = manager.getServerVersion()?.name ?? null;
        summary.tools = (await step('tools/list', () => manager.listTools(undefined, { timeout: TIMEOUT_MS })))
            .tools.map(t => t.name);
        const status = await step('tools/call order_status', () => manager.callTool(
            { name: 'order_status', arguments: { orderId: 'A-1' } }, { timeout: TIMEOUT_MS }));
        summary.status = { isError: status.isError === true, structuredContent: status.structuredContent ?? null };
        const cancelled = await step('tools/call cancel_order', () => manager.callTool(
            { name: 'cancel_order', arguments: { orderId: orderToCancel } }, { timeout: TIMEOUT_MS }));
        summary.cancel = { isError: cancelled.isError === true, structuredContent: cancelled.structuredContent ?? null };
    } finally {
        await manager.close().catch(() => {});
    }
    const clerk = await step('connect as clerk', () => connected(url, era, keyOf('ORDERS_CLERK_KEY')));
    try {
        try {
            const result = await clerk.callTool(
                { name: 'cancel_order', arguments: { orderId: orderToCancel } }, { timeout: TIMEOUT_MS });
            summary.clerkCancel = { refused: result.isError === true, isError: result.isError === true };
        } catch (e) {
            summary.clerkCancel = { refused: true, error: e?.constructor?.name ?? 'Error', status: e?.status ?? null,
                message: String(e?.message ?? e) };
        }
    } finally {
        await clerk.close().catch(() => {});
    }
    return summary;
}

const [url, era, orderToCancel] = process.argv.slice(2);
if (!url || ![MODERN, LEGACY].includes(era) || !orderToCancel) {
    fail(`usage: node e2e-orders.mjs <url> ${MODERN}|${LEGACY} <order-to-cancel>`);
}
try {
    process.stdout.write(JSON.stringify(await run(url, era, orderToCancel)) + '\n');
    process.exit(0);
} catch (e) {
    fail(e?.message ?? String(e));
}
