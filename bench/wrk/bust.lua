-- Give every request a query parameter of its own, so that no cached page can answer it.
local threads = {}
local thread_count = 0

function setup(thread)
   thread_count = thread_count + 1
   thread:set("id", thread_count)
   table.insert(threads, thread)
end

function init(args)
   counter = 0
   separator = string.find(wrk.path, "?", 1, true) and "&" or "?"
end

function request()
   counter = counter + 1
   return wrk.format(nil, wrk.path .. separator .. "nocache=" .. id .. "-" .. counter)
end
