-- Dossier lookups (POST, code + second factor in the body) by a signed-in citizen, over the bench
-- dossiers BENCH-HS-000000 … (count passed after "--" with the token), in a pseudo-random order.
local token, count = "", 1
init = function(args)
  token = args[1] or ""
  count = tonumber(args[2] or "1")
end
local i = 0
request = function()
  i = i + 1
  local n = (i * 7919) % count
  local body = string.format('{"code":"BENCH-HS-%06d","verifier":"1234"}', n)
  return wrk.format("POST", "/api/v1/dossiers/lookup", {
    ["Content-Type"] = "application/json",
    ["Authorization"] = "Bearer " .. token,
  }, body)
end
