"""python -m bench [name ...]: run the benchmarks (all by default) and print their tables."""

import argparse
import asyncio
import shlex
import sys
import time
from collections.abc import Awaitable, Callable

from bench import Report, categorisation, machine

BENCHMARKS: dict[str, Callable[..., Awaitable[Report]]] = {
    "categorisation": categorisation.run,
}


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    parser.add_argument(
        "names", nargs="*", choices=[[], *BENCHMARKS], metavar="name", help=", ".join(BENCHMARKS)
    )
    parser.add_argument("--repeat", type=int, default=5, help="timed runs per step (after one warm-up)")
    args = parser.parse_args()
    names = args.names or list(BENCHMARKS)
    print("# Benchmarks\n")
    print(f"`{shlex.join(['python', '-m', 'bench', *sys.argv[1:]])}`, {time.strftime('%Y-%m-%d')}\n")
    print("\n".join(machine()), end="\n\n", flush=True)
    for name in names:
        report = asyncio.run(BENCHMARKS[name](repeat=args.repeat))
        print(report.render(), end="\n\n", flush=True)


if __name__ == "__main__":
    main()
