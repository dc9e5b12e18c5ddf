-- serve_queries.lua: wrk script for bench/serve_load.sh. Cycles through the
-- queries of a TSV file (qid<TAB>query), each thread from its own start,
-- asking /api/search for each with the parameters in SERVE_PARAMS; counts
-- answers other than 200 (wrk reports them as "Non-2xx").
local queries = {}
local params = os.getenv("SERVE_PARAMS") or "k=10"

local function urlencode(s)
  return (s:gsub("[^%w%-%._~]", function(c) return string.format("%%%02X", string.byte(c)) end))
end

local file = os.getenv("SERVE_QUERIES")
for line in io.lines(file) do
  local q = line:match("^[^\t]*\t(.*)$")
  if q and #q > 0 then queries[#queries + 1] = urlencode(q) end
end

local counter = 0
function setup(thread)
  thread:set("offset", counter * 997)
  counter = counter + 1
end

local i = 0
function request()
  i = i + 1
  local q = queries[((i + (offset or 0)) % #queries) + 1]
  return wrk.format("GET", "/api/search?q=" .. q .. "&" .. params)
end
