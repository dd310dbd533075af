"""Peak memory of a fresh web process after it served reader pages; prints one JSON object.

Run by bench.run in a process of its own (its settings in the environment), with the paths to
request as JSON on stdin.
"""

from __future__ import annotations

import json
import resource
import sys
import time

from bench.common import PROXY_HEADER, bust


def main() -> None:
    """Serve the requests (within a time limit) through Django's test client; report peak RSS."""
    paths = json.load(sys.stdin)
    requests, limit = (int(value) for value in sys.argv[1:3])
    import django

    django.setup()
    from django.test import Client

    client = Client(headers={PROXY_HEADER[0]: PROXY_HEADER[1]})
    failures = served = 0
    deadline = time.monotonic() + limit
    for number in range(requests):
        if time.monotonic() > deadline:
            break
        path = paths[number % len(paths)]
        # One page in ten is new to the cache, as when readers spread over many pages.
        response = client.get(bust(path, number) if number % 10 == 0 else path)
        failures += response.status_code != 200
        served += 1
    usage = resource.getrusage(resource.RUSAGE_SELF)
    print(
        json.dumps(
            {
                "requests": served,
                "failures": failures,
                "peak_rss_mb": round(usage.ru_maxrss / 1024, 1),
                "spacy_loaded": "spacy" in sys.modules,
            }
        )
    )


if __name__ == "__main__":
    main()
