-- Report submissions (multipart POST /api/v1/reports/) by a signed-in citizen: args after "--" are the
-- citizen's token and "named" (the citizen is notified: a notification row and a Celery enqueue) or
-- "anonymous" (the same submission; the row is written as skipped and nothing is enqueued).
local token, anonymous = "", "false"
local boundary = "----policezalo-bench"
init = function(args)
  token = args[1] or ""
  anonymous = (args[2] == "anonymous") and "true" or "false"
end
local function field(name, value)
  return "--" .. boundary .. "\r\nContent-Disposition: form-data; name=\"" .. name .. "\"\r\n\r\n" .. value .. "\r\n"
end
local i = 0
request = function()
  i = i + 1
  local body = field("kind", "phan-anh-kien-nghi")
    .. field("description", "Đèn đường trước số " .. i .. " ngõ 3 hỏng nhiều ngày, đi lại ban đêm rất nguy hiểm.")
    .. field("is_anonymous", anonymous)
    .. "--" .. boundary .. "--\r\n"
  return wrk.format("POST", "/api/v1/reports/", {
    ["Content-Type"] = "multipart/form-data; boundary=" .. boundary,
    ["Authorization"] = "Bearer " .. token,
  }, body)
end
