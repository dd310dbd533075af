-- Request the paths listed in a file (first script argument) in turn, one request in N (second
-- argument, default 2) with a query parameter no cached page has, and count the error
-- statuses; done() prints them.
local threads = {}
local thread_count = 0

function setup(thread)
   thread_count = thread_count + 1
   thread:set("id", thread_count)
   table.insert(threads, thread)
end

function init(args)
   paths = {}
   for line in io.lines(args[1]) do
      if #line > 0 then
         table.insert(paths, line)
      end
   end
   uncached_every = tonumber(args[2]) or 2
   counter = id * 7919
   server_errors = 0
   client_errors = 0
   first_error = ""
end

function request()
   counter = counter + 1
   local path = paths[counter % #paths + 1]
   if counter % uncached_every == 0 then
      local separator = string.find(path, "?", 1, true) and "&" or "?"
      -- A date limit long after the stories: the same page, but one no cache holds.
      local day = os.date("!%Y-%m-%d", 4102444800 + ((id * 100000 + counter) % 30000) * 86400)
      path = path .. separator .. "date_before=" .. day
   end
   return wrk.format(nil, path)
end

function response(status, headers, body)
   if status >= 500 then
      server_errors = server_errors + 1
   elseif status >= 400 then
      client_errors = client_errors + 1
   end
   if status >= 400 and first_error == "" then
      first_error = tostring(status)
   end
end

function done(summary, latency, requests)
   local server, client = 0, 0
   for _, thread in ipairs(threads) do
      server = server + thread:get("server_errors")
      client = client + thread:get("client_errors")
      local first = thread:get("first_error")
      if first ~= "" then
         io.write("first error status: " .. first .. "\n")
      end
   end
   io.write(string.format("server errors (5xx): %d\n", server))
   io.write(string.format("client errors (4xx): %d\n", client))
end
