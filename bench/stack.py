"""The four real processes with the demo data (as `make run` starts them), shared by one run's benchmarks.

Preparing the data and starting the processes takes the better part of a minute, so the gateway and
pages benchmarks of one `python -m bench` share the stack; `close()` (called by bench.__main__, and at
exit) stops it and removes its directory.
"""

import atexit
import json
import tempfile
from collections import defaultdict
from contextlib import ExitStack
from pathlib import Path

from tests.processes import Stack, running_stack

_resources = ExitStack()
_stack: Stack | None = None


def demo_stack() -> Stack:
    """The run's stack (SQLite files in a temporary VAR_DIR, demo data loaded), started on first use."""
    global _stack
    if _stack is None:
        print("  starting the four processes with the demo data …", flush=True)
        directory = Path(_resources.enter_context(tempfile.TemporaryDirectory(prefix="kb-bench-stack-")))
        _stack = _resources.enter_context(running_stack(directory))
    return _stack


def close() -> None:
    global _stack
    _stack = None
    _resources.close()


atexit.register(close)


def server_times(stack: Stack, name: str, request_ids: set[str]) -> dict[str, float]:
    """Seconds each request took inside process `name`, by request id, from its JSON access lines.

    The gateway forwards the request id to the services, so one id gathers a page's upstream calls too
    (summed when a page makes several).
    """
    found: dict[str, float] = defaultdict(float)
    for line in stack.log(name).splitlines():
        if '"duration_ms"' not in line:
            continue
        try:
            entry = json.loads(line)
        except ValueError:
            continue
        request_id = entry.get("request_id")
        if request_id in request_ids and entry.get("message") == "request":
            found[request_id] += float(entry["duration_ms"]) / 1000
    return dict(found)
