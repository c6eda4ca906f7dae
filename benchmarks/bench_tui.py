"""TUI start-up: from process start to a focused, ready prompt, over a built index.

    python benchmarks/bench_tui.py [--runs 7]

Builds the built-in corpus into a temporary data directory once, then starts the chat
app in a fresh headless process `--runs` times, the way `assistant chat` opens it (the
engine opened on a worker thread while the screen shows). Each run is timed by this
process from spawning the child to the child reporting that the prompt has focus and
takes input. Prints one Markdown table row for BENCHMARKS.md, and the runs.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
READY = b"prompt-ready\n"


def child() -> int:
    """Run the app headless and say when its prompt is ready, then leave."""
    sys.path.insert(0, str(ROOT))
    from textual.pilot import Pilot

    from tui.app import ChatApp
    from tui.backend import LocalBackend

    app = ChatApp(open_backend=lambda progress: LocalBackend.open(progress=progress))

    async def signal_ready(pilot: Pilot[object]) -> None:
        await app.chat.ready.wait()
        await pilot.pause()
        if not (app.chat.prompt.has_focus and not app.chat.prompt.disabled):
            raise RuntimeError("the prompt is not focused and enabled once ready")
        os.write(1, READY)  # the real stdout: Textual captures sys.stdout while running
        app.exit()

    app.run(headless=True, auto_pilot=signal_ready, size=(100, 36))
    return 0


def time_start(data_dir: Path) -> float:
    """Seconds from spawning a child to its ready signal."""
    env = os.environ | {"ASSISTANT_DATA_DIR": str(data_dir)}
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH")]))
    started = time.perf_counter()
    process = subprocess.Popen(
        [sys.executable, __file__, "--child"],
        env=env,
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert process.stdout is not None
    line = process.stdout.readline()
    elapsed = time.perf_counter() - started
    _, err = process.communicate(timeout=60)
    if line != READY or process.returncode != 0:
        raise RuntimeError(f"the app did not start ({process.returncode}): {err.decode()[-800:]}")
    return elapsed


def main() -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--runs", type=int, default=7, help="fresh processes to time")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        return child()

    sys.path.insert(0, str(ROOT))
    from assistant.engine import Engine
    from assistant.settings import Settings

    with tempfile.TemporaryDirectory(prefix="bench-tui-") as tmp:
        data_dir = Path(tmp) / "data"
        Engine.open(Settings(data_dir=data_dir))  # build the index once, outside the timing
        time_start(data_dir)  # warm-up: the OS file cache, Python's bytecode cache
        runs = [time_start(data_dir) for _ in range(args.runs)]

    median = statistics.median(runs)
    print(
        f"| `assistant chat` start to a ready prompt (headless, built index, "
        f"median of {args.runs}) | {median:.2f} s |"
    )
    print(f"\nRuns (s): {', '.join(f'{t:.2f}' for t in runs)}; {os.cpu_count()} CPUs.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
