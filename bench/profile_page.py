"""Profile one page of the benchmark with cProfile: `bench/profile_page.py "week" [--n 20] [--sort cumtime]`.

Runs against the data the last `bench/run.py` left in DATABASE_URL (scale 10 unless --scale-50),
DEBUG off, through the test client as nienke, and prints the top functions and the queries.
"""

import argparse
import cProfile
import pstats
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import run  # noqa: E402


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("page")
    parser.add_argument("--n", type=int, default=20)
    parser.add_argument("--sort", default="cumtime")
    parser.add_argument("--limit", type=int, default=40)
    parser.add_argument("--queries", action="store_true", help="print the SQL of one request")
    args = parser.parse_args()
    run.configure_environment()
    run.setup_django()
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    t = run.targets()
    specs = {name: (page, admin) for name, page, admin in run.page_specs(t)}
    url = specs[args.page][0] if not args.page.startswith("/") else args.page
    client = Client()
    client.force_login(t["user"])
    for _ in range(5):
        client.get(url)
    with CaptureQueriesContext(connection) as queries:
        client.get(url)
    if args.queries:
        for query in queries:
            print(f"{query['time']}  {query['sql'][:600]}\n")
    started = time.perf_counter()
    profiler = cProfile.Profile()
    profiler.enable()
    for _ in range(args.n):
        client.get(url)
    profiler.disable()
    per_request = (time.perf_counter() - started) * 1000 / args.n
    print(f"{url}: {per_request:.1f} ms per request (profiled), {len(queries)} queries")
    pstats.Stats(profiler).sort_stats(args.sort).print_stats(args.limit)


if __name__ == "__main__":
    main()
