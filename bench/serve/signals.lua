-- wrk script: POST /v1/signals, one hospital stay of an elder a request,
-- each with its own signal_id; the elders' ids are read from the file the
-- environment variable SAFETYNET_BENCH_IDS names (one a line).
-- The token comes from SAFETYNET_BENCH_TOKEN.
local ids = {}
for line in io.lines(os.getenv("SAFETYNET_BENCH_IDS")) do ids[#ids + 1] = line end
local token = os.getenv("SAFETYNET_BENCH_TOKEN")
local counter = 0
local thread_number = 0
local threads = {}

function setup(thread)
  thread_number = thread_number + 1
  thread:set("prefix", "B" .. os.time() .. "-" .. thread_number .. "-")
  thread:set("offset", thread_number * 7919)
end

function request()
  counter = counter + 1
  local id = ids[((offset + counter) % #ids) + 1]
  local body = '{"signals":[{"signal_id":"' .. prefix .. counter ..
      '","source":"MEDICAL_INSURANCE","type":"MEDICAL","person_id":"' .. id ..
      '","event_date":"2025-06-30","amount":"800","inpatient":"1"}]}'
  return wrk.format("POST", "/v1/signals",
                    {["Authorization"] = "Bearer " .. token,
                     ["Content-Type"] = "application/json"}, body)
end

local errors = 0
function response(status, headers, body)
  if status ~= 200 then errors = errors + 1 end
end

function done(summary, latency, requests)
  io.write(string.format("requests %d, non-200 %d, p50 %.2f ms, p99 %.2f ms\n",
                         summary.requests, summary.errors.status,
                         latency:percentile(50) / 1000, latency:percentile(99) / 1000))
end
