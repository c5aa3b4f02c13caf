-- What citizens type: no diacritics, abbreviations, a typo; rotated per request.
local queries = {"dang ky thuong tru", "tam tru", "can cuoc", "cccd", "ho chieu", "ho chiue", "dang ki xe may",
                 "con dau", "pccc", "kinh doanh dich vu bao ve", "luu tru", "vu khi cong cu ho tro",
                 "nguoi nuoc ngoai tam tru", "cap doi giay phep", "xac nhan thong tin cu tru", "gplx"}
local i = 0
request = function()
  i = i + 1
  local q = queries[(i % #queries) + 1]:gsub(" ", "%%20")
  return wrk.format("GET", "/api/v1/procedures/?search=" .. q)
end
