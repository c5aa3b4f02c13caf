-- Procedure detail pages over the ids passed after "--" (comma separated), rotated per request.
local ids = {}
init = function(args)
  for id in string.gmatch(args[1] or "1", "[^,]+") do ids[#ids + 1] = id end
end
local i = 0
request = function()
  i = i + 1
  return wrk.format("GET", "/api/v1/procedures/" .. ids[(i % #ids) + 1] .. "/")
end
