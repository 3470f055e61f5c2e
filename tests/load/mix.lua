-- mix.lua: the wrk script of tests/load/soak.sh. Each request picks a cookie
-- class at random (weights below) and one of that class's tokens, and asks
-- for /c/<class>/page.html; the server echoes the class in X-Mst-Class, so
-- responses are counted per class and status even with many connections.
-- Also counts, per class and phase (before/during/after the graceful restart
-- at MST_SOAK_GRACEFUL_AT, Unix seconds, 0 = none), the Set-Cookie headers
-- carrying a live session cookie, by KID. done() prints "MSTSOAK ..." lines
-- that soak.sh parses; it decides pass or fail.
--
-- From 1 s before the restart until the end of the "during" phase, requests
-- carry "Connection: close", so every one goes out on a new connection: when
-- the old generation of children closes its idle keep-alive connections, a
-- request the client sends on one at that very moment gets no answer (the
-- race RFC 9112 section 9.3.1 lets clients retry idempotent requests for;
-- browsers do, wrk counts a read error). Outside that window connections
-- are kept alive.
--
-- Environment: MST_SOAK_DATA (a Lua file returning {class = {token, ...}}),
-- MST_SOAK_GRACEFUL_AT (when soak.sh plans the restart), MST_SOAK_GRACEFUL_DONE
-- (a file soak.sh writes with the Unix second it sent the signal; the
-- phases count from that), MST_SOAK_SETTLE (seconds after the restart
-- counted as "during", default 5).

local data = dofile(os.getenv("MST_SOAK_DATA"))
local graceful_at = tonumber(os.getenv("MST_SOAK_GRACEFUL_AT") or "0") or 0
local settle = tonumber(os.getenv("MST_SOAK_SETTLE") or "5") or 5
local done_file = os.getenv("MST_SOAK_GRACEFUL_DONE")
local restarted_at = nil -- when the signal was sent, once known
local last_look = 0

-- restart_time(t): the second of the restart signal, nil while not yet sent;
-- the file is looked for once per second per thread, and on every response
-- from 1 s before the planned restart until it appears (soak.sh writes it
-- just before sending the signal)
local function restart_time(t)
   if restarted_at or not done_file or (t == last_look and t < graceful_at - 1) then
      return restarted_at
   end
   last_look = t
   local f = io.open(done_file, "r")
   if f then
      restarted_at = tonumber(f:read("*l"))
      f:close()
   end
   return restarted_at
end

local classes = { "valid", "refresh", "expired", "invalid" }
local weights = { 40, 20, 20, 20 }
local total_weight = 0
for _, w in ipairs(weights) do
   total_weight = total_weight + w
end

local threads = {}
local thread_no = 0

function setup(thread)
   thread_no = thread_no + 1
   thread:set("id", thread_no)
   table.insert(threads, thread)
end

local reqs = {}
local reqs_close = {}
counts = {}

function init(args)
   math.randomseed(os.time() * 1000 + (id or 0))
   for _, c in ipairs(classes) do
      reqs[c] = {}
      reqs_close[c] = {}
      for _, tok in ipairs(data[c]) do
         local h = {
            ["Host"] = "localhost",
            ["Accept"] = "text/html",
            ["Cookie"] = "session_timeout=" .. tok,
         }
         table.insert(reqs[c], wrk.format("GET", "/c/" .. c .. "/page.html", h))
         h["Connection"] = "close"
         table.insert(reqs_close[c], wrk.format("GET", "/c/" .. c .. "/page.html", h))
      end
   end
end

local function bump(key)
   counts[key] = (counts[key] or 0) + 1
end

function request()
   local r = math.random(total_weight)
   local c = classes[#classes]
   for i, w in ipairs(weights) do
      if r <= w then
         c = classes[i]
         break
      end
      r = r - w
   end
   local list = reqs[c]
   if graceful_at > 0 then
      local t = os.time()
      local g = restart_time(t)
      if t >= graceful_at - 1 and (g == nil or t < g + settle) then
         list = reqs_close[c]
         bump("close-mode")
      end
   end
   return list[math.random(#list)]
end

function response(status, headers, body)
   local class = headers["X-Mst-Class"] or "unknown"
   bump("status " .. class .. " " .. status)
   local phase = "run"
   if graceful_at > 0 then
      local t = os.time()
      local g = restart_time(t)
      if g == nil then
         phase = "before"
      elseif t < g + settle then
         phase = "during"
      else
         phase = "after"
      end
   end
   bump("phase " .. class .. " " .. phase)
   local sc = headers["Set-Cookie"]
   if sc then
      local kid = sc:match("^session_timeout=v1%.(%x+)%.")
      if kid then
         bump("cookie " .. class .. " " .. phase .. " " .. kid)
      elseif sc:match("^session_timeout=;") then
         bump("expired-cookie " .. class .. " " .. phase)
      end
   end
end

function done(summary, latency, requests)
   io.write(string.format("MSTSOAK requests %d\n", summary.requests))
   io.write(string.format("MSTSOAK duration_us %d\n", summary.duration))
   local e = summary.errors
   io.write(string.format("MSTSOAK errors connect=%d read=%d write=%d status=%d timeout=%d\n",
      e.connect, e.read, e.write, e.status, e.timeout))
   io.write(string.format("MSTSOAK latency_us p50=%d p99=%d max=%d\n",
      latency:percentile(50), latency:percentile(99), latency.max))
   local all = {}
   for _, t in ipairs(threads) do
      local c = t:get("counts")
      if c then
         for k, v in pairs(c) do
            all[k] = (all[k] or 0) + v
         end
      end
   end
   local keys = {}
   for k in pairs(all) do
      table.insert(keys, k)
   end
   table.sort(keys)
   for _, k in ipairs(keys) do
      io.write(string.format("MSTSOAK %s %d\n", k, all[k]))
   end
end
