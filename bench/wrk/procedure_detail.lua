-- Procedure detail pages over the ids passed after "--" (comma separated), rotated per request. A second
-- argument "usage-off" sends X-Bench-Usage: off, which (only with BENCH_ENDPOINTS) skips recording the guide read
-- (for a look by hand; the usage_record row is measured in-process, bench/usage_record.py).
local ids = {}
local headers = {}
init = function(args)
  for id in string.gmatch(args[1] or "1", "[^,]+") do ids[#ids + 1] = id end
  if args[2] == "usage-off" then headers["X-Bench-Usage"] = "off" end
end
local i = 0
request = function()
  i = i + 1
  return wrk.format("GET", "/api/v1/procedures/" .. ids[(i % #ids) + 1] .. "/", headers)
end
