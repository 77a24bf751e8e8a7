// End-to-end check of a Bulwark server with the TypeScript SDK v2 client pinned to MCP 2026-07-28 only.
//
//   node e2e.mjs http <streamable-http-url>
//   node e2e.mjs stdio <command> [args...]
//
// Connects (no fallback to 2025-11-25), lists the tools, calls process_data, and calls
// test_input_required_result_elicitation (the server needs --conformance-tools), answering the elicitation from the
// client's elicitation/create handler. Prints one JSON summary line on stdout and exits 0, or prints a clear message
// on stderr and exits 1.
import { Client, StreamableHTTPClientTransport } from '@modelcontextprotocol/client';
import { StdioClientTransport } from '@modelcontextprotocol/client/stdio';

const PROTOCOL_VERSION = '2026-07-28';
const PLAIN_TOOL = 'process_data';
const ELICITING_TOOL = 'test_input_required_result_elicitation';
const ANSWERED_NAME = 'Ada';
const TIMEOUT_MS = 60_000;

function fail(message) {
    process.stderr.write(`e2e failed: ${message}\n`);
    process.exit(1);
}

function transportFor(kind, rest) {
    if (kind === 'http' && rest.length === 1) {
        return new StreamableHTTPClientTransport(new URL(rest[0]));
    }
    if (kind === 'stdio' && rest.length >= 1) {
        return new StdioClientTransport({ command: rest[0], args: rest.slice(1), stderr: 'ignore' });
    }
    fail('usage: node e2e.mjs http <url> | node e2e.mjs stdio <command> [args...]');
}

function textOf(result) {
    return (result.content ?? []).filter(c => c.type === 'text').map(c => c.text).join('\n');
}

async function run(kind, rest) {
    const client = new Client(
        { name: 'bulwark-ts-e2e', version: '1.0.0' },
        {
            capabilities: { elicitation: { form: {} } },
            versionNegotiation: { mode: { pin: PROTOCOL_VERSION } }
        }
    );
    const elicitations = [];
    client.setRequestHandler('elicitation/create', async request => {
        elicitations.push(request.params.message);
        return { action: 'accept', content: { name: ANSWERED_NAME } };
    });
    const step = async (what, action) => {
        try {
            return await action();
        } catch (e) {
            throw new Error(`${what} (${kind}): ${e?.message ?? e}`);
        }
    };
    await step('connect', () => client.connect(transportFor(kind, rest), { timeout: TIMEOUT_MS }));
    try {
        const negotiated = client.getNegotiatedProtocolVersion();
        if (negotiated !== PROTOCOL_VERSION) {
            throw new Error(`negotiated ${negotiated}, expected ${PROTOCOL_VERSION}`);
        }
        const tools = (await step('tools/list', () => client.listTools(undefined, { timeout: TIMEOUT_MS }))).tools
            .map(t => t.name);
        for (const name of [PLAIN_TOOL, ELICITING_TOOL]) {
            if (!tools.includes(name)) {
                throw new Error(`tools/list has no ${name} (is the server started with --conformance-tools?)`);
            }
        }
        const plain = await step(`tools/call ${PLAIN_TOOL}`, () => client.callTool(
            { name: PLAIN_TOOL, arguments: { data: { n: 1, m: 2 }, operation: 'analyze' } }, { timeout: TIMEOUT_MS }));
        if (plain.isError) {
            throw new Error(`${PLAIN_TOOL} answered an error: ${textOf(plain)}`);
        }
        const asked = await step(`tools/call ${ELICITING_TOOL}`, () => client.callTool(
            { name: ELICITING_TOOL, arguments: {} }, { timeout: TIMEOUT_MS }));
        if (asked.isError) {
            throw new Error(`${ELICITING_TOOL} answered an error: ${textOf(asked)}`);
        }
        return {
            transport: kind,
            protocolVersion: negotiated,
            serverName: client.getServerVersion()?.name ?? null,
            tools,
            plain: { tool: PLAIN_TOOL, isError: plain.isError === true, structuredContent: plain.structuredContent ?? null },
            elicitation: { tool: ELICITING_TOOL, asked: elicitations, answered: ANSWERED_NAME, text: textOf(asked) }
        };
    } finally {
        await client.close().catch(() => {});
    }
}

const [kind, ...rest] = process.argv.slice(2);
try {
    const summary = await run(kind, rest);
    process.stdout.write(JSON.stringify(summary) + '\n');
    process.exit(0);
} catch (e) {
    fail(e?.message ?? String(e));
}
