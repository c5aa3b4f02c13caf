-- Diacritic-free searches a citizen would type, rotated per request.
local queries = {"dong tam", "duc hanh", "cong an xa", "hoa an", "phuong", "giao thong", "xuat nhap canh",
                 "trung khanh", "song hien", "bao lam", "mot cua", "phong chay"}
local i = 0
request = function()
  i = i + 1
  local q = queries[(i % #queries) + 1]:gsub(" ", "%%20")
  return wrk.format("GET", "/api/v1/units/?search=" .. q)
end
