-- wrk script for scripts/load.sh: every request is one MCP tools/call of $MCP_TOOL [test_simple_text] with the
-- arguments $MCP_ARGUMENTS [{}] (JSON) on the existing Streamable HTTP session $MCP_SESSION_ID, or, when that is
-- empty (stateless mode), without a session header; each with a JSON-RPC id unique per connection thread. With
-- $MCP_ERA set to 2026-07-28 each is a request of the stateless era instead: its version and client capabilities in
-- _meta, the MCP-Protocol-Version, Mcp-Method and Mcp-Name headers, and no session (leave $MCP_SESSION_ID empty).
-- The answer may be an SSE stream or one JSON body, whichever the server sends: either holds the result's text.
-- Answers that are not a successful tool result (JSON-RPC errors, isError results, non-200 statuses) are counted and
-- reported by done().
local session = os.getenv("MCP_SESSION_ID") or error("MCP_SESSION_ID is not set")
local tool = os.getenv("MCP_TOOL") or "test_simple_text"
local arguments = os.getenv("MCP_ARGUMENTS") or "{}"
if arguments == "" then
  arguments = "{}"
end

wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Accept"] = "application/json, text/event-stream"
local era = os.getenv("MCP_ERA") or ""
if session ~= "" then
  wrk.headers["Mcp-Session-Id"] = session
end
local meta = ""
if era == "2026-07-28" then
  wrk.headers["MCP-Protocol-Version"] = era
  wrk.headers["Mcp-Method"] = "tools/call"
  wrk.headers["Mcp-Name"] = tool
  meta = ',"_meta":{"io.modelcontextprotocol/protocolVersion":"' .. era
    .. '","io.modelcontextprotocol/clientCapabilities":{}}'
else
  wrk.headers["MCP-Protocol-Version"] = "2025-06-18"
end

local threads = {}

function setup(thread)
  thread:set("first_id", #threads * 1000000000)
  table.insert(threads, thread)
end

local next_id = 0
failures = 0
sample = nil

function init(args)
  next_id = first_id
end

function request()
  next_id = next_id + 1
  return wrk.format(nil, nil, nil,
    '{"jsonrpc":"2.0","id":' .. next_id .. ',"method":"tools/call","params":{"name":"' .. tool .. '","arguments":'
      .. arguments .. meta .. '}}')
end

function response(status, headers, body)
  if status ~= 200 or not string.find(body, '"isError":false', 1, true) then
    failures = failures + 1
    if sample == nil then
      sample = status .. " " .. string.sub(body, 1, 300)
    end
  end
end

function done(summary, latency, requests)
  local total = 0
  local first_sample = nil
  for _, thread in ipairs(threads) do
    total = total + (thread:get("failures") or 0)
    first_sample = first_sample or thread:get("sample")
  end
  io.write(string.format("failed_calls %d\n", total))
  if first_sample then
    io.write("failure_sample " .. string.gsub(first_sample, "\n", " ") .. "\n")
  end
end
