"""python -m bench [name ...]: run the benchmarks (all by default) and print their tables."""

import argparse
import asyncio
import shlex
import sys
import time
from collections.abc import Callable, Coroutine
from typing import Any

from bench import Report, allocation, categorisation, gateway, machine, pages, stack

BENCHMARKS: dict[str, Callable[..., Coroutine[Any, Any, Report]]] = {
    "categorisation": categorisation.run,
    "allocation": allocation.run,
    "gateway": gateway.run,
    "pages": pages.run,
}


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    parser.add_argument(
        "names", nargs="*", choices=[[], *BENCHMARKS], metavar="name", help=", ".join(BENCHMARKS)
    )
    # Three timed runs keep a whole run near ten minutes on a two-core machine; medians need no more.
    parser.add_argument("--repeat", type=int, default=3, help="timed runs per step (after one warm-up)")
    args = parser.parse_args()
    # In the registry's order whatever the order given: the pages benchmark adds areas to the shared stack.
    names = [name for name in BENCHMARKS if name in args.names] or list(BENCHMARKS)
    print("# Benchmarks\n")
    print(f"`{shlex.join(['python', '-m', 'bench', *sys.argv[1:]])}`, {time.strftime('%Y-%m-%d')}\n")
    print("\n".join(machine()), end="\n\n", flush=True)
    try:
        for name in names:
            report = asyncio.run(BENCHMARKS[name](repeat=args.repeat))
            print(report.render(), end="\n\n", flush=True)
    finally:
        stack.close()


if __name__ == "__main__":
    main()
