-- Mixed reads for bench/load.sh: what a browsing client does, weighted. Every path answers 200 on the seeded data,
-- so any non-2xx response wrk reports is a failure of the system, not of the script.
local paths = {}
local function add(weight, path) for _ = 1, weight do paths[#paths + 1] = path end end
for i = 1, 10 do add(4, string.format("/api/recipes/5a3f1c52-0b6e-4f1a-9c3e-%012d", i)) end -- items: 40 %
add(15, "/api/recipes")                                 -- the first page
add(10, "/api/recipes?limit=5")                         -- a short page
for _, tag in ipairs({ "dinner", "quick", "vegetarian" }) do add(5, "/api/recipes?tag=" .. tag) end -- tag filters
add(10, "/api/recipes?q=salad")                         -- title search
add(10, "/version")                                     -- the in-memory floor, mixed in

math.randomseed(42)
request = function()
  return wrk.format("GET", paths[math.random(#paths)])
end
