-- wrk script of bench/ops.sh: a mix of requests, each connection cycling through the
-- kinds named in OPS_MIX (comma-separated; a kind may repeat to weigh it):
--   token   POST /v1/auth/token with OPS_TOKEN_BODY (form); the access token in its
--           answer becomes the thread's token for the reads that follow (so reads carry
--           tokens signed by whichever key the issuing process held)
--   read    GET the next path of OPS_READ_PATHS (space-separated) with the thread's token
--           (OPS_TOKEN until a token request has answered)
--   old     GET the first path of OPS_READ_PATHS with OPS_TOKEN, always
--   mine    GET /v1/members/{id} of the member this thread created last (a read of a
--           value the other process may have sealed; "read" until one is created)
--   write   POST /v1/members: a new member with an ID number no other request of the run
--           sends (thread t's n-th write: birth date and sequence from OPS_ID_BASE +
--           t * 50,000 + n), division code OPS_ID_PREFIX
-- done() prints one line "statuses: 200=N 201=N ..." (every status seen, all threads).
local threads = {}
local nthreads = 0

-- main state: each thread's index as its global tid
function setup(thread)
  thread:set("tid", nthreads)
  nthreads = nthreads + 1
  table.insert(threads, thread)
end

local function split(s, sep)
  local out = {}
  for w in string.gmatch(s or "", "[^" .. sep .. "]+") do table.insert(out, w) end
  return out
end

local mix, paths, token, token_body, id_base, id_prefix
local n, nread, nwrite, mine = 0, 0, 0, nil
statuses = {}

function init(args)
  mix = split(os.getenv("OPS_MIX") or "read", ",")
  paths = split(os.getenv("OPS_READ_PATHS") or "/healthz", " ")
  token = os.getenv("OPS_TOKEN") or ""
  token_body = os.getenv("OPS_TOKEN_BODY") or ""
  id_base = tonumber(os.getenv("OPS_ID_BASE") or "0") + (tid or 0) * 50000
  id_prefix = os.getenv("OPS_ID_PREFIX") or "440104"
end

-- GB 11643-1999: 17 digits and a check digit
local weights = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2}
local checks = "10X98765432"
local function id_number(k)
  -- 1,000 sequence numbers a day, days from 1940-01-01 (28 a month, 12 months, 60 years)
  local seq, day = k % 1000, math.floor(k / 1000) % 20160
  local y, m, d = 1940 + math.floor(day / 336), math.floor(day / 28) % 12 + 1, day % 28 + 1
  local s = string.format("%s%04d%02d%02d%03d", id_prefix, y, m, d, seq)
  local sum = 0
  for i = 1, 17 do sum = sum + tonumber(s:sub(i, i)) * weights[i] end
  local c = (sum % 11) + 1
  return s .. checks:sub(c, c)
end

local function get(path, tok)
  return wrk.format("GET", path, {["Authorization"] = "Bearer " .. tok})
end

function request()
  n = n + 1
  local kind = mix[(n - 1) % #mix + 1]
  if kind == "token" then
    return wrk.format("POST", "/v1/auth/token", {["Content-Type"] = "application/x-www-form-urlencoded"}, token_body)
  elseif kind == "old" then
    return get(paths[1], os.getenv("OPS_TOKEN"))
  elseif kind == "mine" and mine then
    return get("/v1/members/" .. mine, token)
  elseif kind == "write" then
    local k = id_base + nwrite
    nwrite = nwrite + 1
    local body = string.format('{"name":"压测%d","id_number":"%s","category":"retired"}', k, id_number(k))
    return wrk.format("POST", "/v1/members", {["Content-Type"] = "application/json",
                                               ["Authorization"] = "Bearer " .. token}, body)
  end
  nread = nread + 1
  return get(paths[(nread - 1) % #paths + 1], token)
end

function response(status, headers, body)
  statuses[status] = (statuses[status] or 0) + 1
  if status == 201 and body then
    mine = string.match(body, '"id"%s*:%s*"?([%w-]+)') or mine
  end
  if status == 200 and body and token_body ~= "" then
    local t = string.match(body, '"access_token"%s*:%s*"([^"]+)"')
    if t then token = t end
  end
end

function done(summary, latency, requests)
  local all = {}
  for _, t in ipairs(threads) do
    local s = t:get("statuses")
    for k, v in pairs(s or {}) do all[k] = (all[k] or 0) + v end
  end
  local keys = {}
  for k in pairs(all) do table.insert(keys, k) end
  table.sort(keys)
  local out = {}
  for _, k in ipairs(keys) do table.insert(out, k .. "=" .. all[k]) end
  io.write("statuses: " .. table.concat(out, " ") .. "\n")
end
