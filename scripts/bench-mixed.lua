-- wrk script for scripts/bench's mixed load: every request is the next of a fixed list of pages, anonymous and signed in,
-- so the host sees the spread a real site sees (many distinct catalogue queries, pages and fragments, two kinds of
-- visitor) and its memory can be watched for growth. Set by scripts/bench through the environment:
--   BENCH_MIXED_PATHS  a file of lines "<a|s|f|sf> <path>": a = anonymous, s = signed in, f/sf = the same as an htmx fragment
--   BENCH_SESSION      the demo customer's session cookie value
local paths = {}

local function load()
  local file = assert(io.open(os.getenv("BENCH_MIXED_PATHS"), "r"))
  local session = os.getenv("BENCH_SESSION") or ""
  for line in file:lines() do
    local kind, path = line:match("^(%S+)%s+(%S+)$")
    if kind then
      local headers = { ["User-Agent"] = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36" }
      if kind == "s" or kind == "sf" then headers["Cookie"] = "codex-session=" .. session end
      if kind == "f" or kind == "sf" then headers["HX-Request"] = "true" end
      paths[#paths + 1] = wrk.format("GET", path, headers)
    end
  end
  file:close()
end

local counter = 0

function init(args)
  load()
  -- Each thread starts at a different place in the list, so two threads do not ask for the same page in lockstep.
  counter = math.random(#paths)
end

function request()
  counter = counter % #paths + 1
  return paths[counter]
end
