-- wrk script: POST /v1/what-if of the urban dibao standard, a different value
-- each request (800 to 1000 yuan), as the director's slider asks.
local token = os.getenv("SAFETYNET_BENCH_TOKEN")
local counter = 0
function request()
  counter = counter + 1
  local value = 800 + (counter * 5) % 200
  return wrk.format("POST", "/v1/what-if",
                    {["Authorization"] = "Bearer " .. token,
                     ["Content-Type"] = "application/json"},
                    '{"set":{"dibao.urban":"' .. value .. '"}}')
end
function done(summary, latency, requests)
  io.write(string.format("requests %d, errors %d, p50 %.1f ms, p99 %.1f ms\n", summary.requests,
                         summary.errors.status, latency:percentile(50) / 1000,
                         latency:percentile(99) / 1000))
end
