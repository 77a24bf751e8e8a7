// The TypeScript SDK v2 peer of scripts/load.sh: the two tools the bare MCP Java SDK peer serves (test_simple_text
// and json_schema_2020_12_tool, the latter with the conformance pack's JSON Schema 2020-12, checked by the SDK's
// default validator), over Streamable HTTP on Node's http server, on 127.0.0.1 only.
//
//   node server.mjs [--stateless] PORT
//
// Stateless: the SDK's HTTP handler (createMcpHandler) behind toNodeHandler: 2026-07-28 requests on its per-request
// path, 2025 requests on its stateless fallback (a fresh server per request, no session).
// Stateful: the composition the SDK documents for a sessionful 2025 deployment that also speaks 2026-07-28: each
// request is classified with isLegacyRequest; 2025 requests go to a NodeStreamableHTTPServerTransport of their
// session (one server and transport per session, opened by initialize), 2026-07-28 requests to createMcpHandler with
// legacy: 'reject'. Both modes put the SDK's localhost Host and Origin guards in front, as its node:http example does,
// and read each POST body once as JSON, as a body parser in front of the handler would.
import { randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import {
    localhostHostValidation,
    localhostOriginValidation,
    NodeStreamableHTTPServerTransport,
    toNodeHandler,
    toWebRequest
} from '@modelcontextprotocol/node';
import { createMcpHandler, fromJsonSchema, isInitializeRequest, isLegacyRequest, McpServer } from '@modelcontextprotocol/server';

const args = process.argv.slice(2);
const stateless = args[0] === '--stateless';
const port = Number(args[stateless ? 1 : 0] ?? 18082);

const ADDRESS_SCHEMA = {
    $anchor: 'addressDef',
    type: 'object',
    properties: { street: { type: 'string' }, city: { type: 'string' } }
};
/** The input schema of the conformance pack's json_schema_2020_12_tool, compiled once. */
const JSON_SCHEMA_INPUT = fromJsonSchema({
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    type: 'object',
    $defs: { address: ADDRESS_SCHEMA },
    properties: {
        name: { type: 'string' },
        address: { $ref: '#/$defs/address' },
        contactMethod: { type: 'string', enum: ['phone', 'email'] },
        phone: { type: 'string' },
        email: { type: 'string' }
    },
    allOf: [{ anyOf: [{ required: ['phone'] }, { required: ['email'] }] }],
    if: { properties: { contactMethod: { const: 'phone' } }, required: ['contactMethod'] },
    then: { required: ['phone'] },
    else: { required: ['email'] },
    additionalProperties: false
});

/** A server with the two tools: one per session (stateful) or one per request (the SDK's handler). */
function newServer() {
    const server = new McpServer({ name: 'typescript-sdk', version: '1.0.0' });
    server.registerTool('test_simple_text', { description: 'Returns simple text content for testing' }, () => ({
        content: [{ type: 'text', text: 'This is a simple text response for testing.' }],
        isError: false
    }));
    server.registerTool(
        'json_schema_2020_12_tool',
        { description: 'Tool with JSON Schema 2020-12 features (SEP-1613, SEP-2106)', inputSchema: JSON_SCHEMA_INPUT },
        () => ({ content: [{ type: 'text', text: 'ok' }], isError: false })
    );
    return server;
}

const validHost = localhostHostValidation();
const validOrigin = localhostOriginValidation();

/** The POST body parsed as JSON, or undefined (no body, or not JSON: the SDK answers that itself). */
async function readJson(req) {
    if (req.method !== 'POST') return undefined;
    const chunks = [];
    for await (const chunk of req) chunks.push(chunk);
    try {
        return JSON.parse(Buffer.concat(chunks).toString('utf8'));
    } catch {
        return undefined;
    }
}

function statelessHandler() {
    const handler = toNodeHandler(createMcpHandler(() => newServer()));
    return async (req, res, body) => handler(req, res, body);
}

function statefulHandler() {
    const modern = toNodeHandler(createMcpHandler(() => newServer(), { legacy: 'reject' }));
    const sessions = new Map();
    return async (req, res, body) => {
        if (!(await isLegacyRequest(await toWebRequest(req, body), body))) {
            await modern(req, res, body);
            return;
        }
        const id = req.headers['mcp-session-id'];
        let transport = typeof id === 'string' ? sessions.get(id) : undefined;
        if (transport === undefined && id === undefined && isInitializeRequest(body)) {
            transport = new NodeStreamableHTTPServerTransport({
                sessionIdGenerator: () => randomUUID(),
                onsessioninitialized: (sessionId) => sessions.set(sessionId, transport)
            });
            transport.onclose = () => {
                if (transport.sessionId !== undefined) sessions.delete(transport.sessionId);
            };
            await newServer().connect(transport);
        }
        if (transport === undefined) {
            res.writeHead(id === undefined ? 400 : 404, { 'Content-Type': 'application/json' }).end(
                JSON.stringify({ jsonrpc: '2.0', error: { code: -32000, message: 'No valid session' }, id: null })
            );
            return;
        }
        await transport.handleRequest(req, res, body);
    };
}

const handle = stateless ? statelessHandler() : statefulHandler();
const http = createServer(async (req, res) => {
    if (!validHost(req, res) || !validOrigin(req, res)) return;
    if (req.url !== '/mcp') {
        res.writeHead(404).end();
        return;
    }
    try {
        await handle(req, res, await readJson(req));
    } catch (error) {
        console.error(error);
        if (!res.headersSent) res.writeHead(500).end();
    }
});
http.listen(port, '127.0.0.1', () =>
    console.log(`TypeScript SDK server ready on http://127.0.0.1:${port}/mcp${stateless ? ' (stateless)' : ''}`)
);
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => process.exit(0));
