"""Local mode as a person meets it: `python -m bot` with no token, in a child process, typed at and read.

:func:`local_mode` starts it in a folder of its own (``data/`` is created there) running this checkout's code;
the :class:`Terminal` it yields types lines and reads the screen until a marker shows up. The process is
killed if the test ends without it quitting.
"""

from __future__ import annotations

import os
import queue
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO

from tests.support.process import PROJECT_ROOT


class Terminal:
    """The keyboard and the screen of one local-mode process."""

    def __init__(self, process: subprocess.Popen[str]) -> None:
        assert process.stdin is not None and process.stdout is not None
        self.process, self.keyboard = process, process.stdin
        #: Lines read off the screen by a thread (None: the screen closed), so a silent bot fails the test in
        #: its time rather than blocking it forever on a read.
        self.lines: queue.Queue[str | None] = queue.Queue()
        threading.Thread(target=self._read_screen, args=(process.stdout,), daemon=True).start()

    def _read_screen(self, screen: IO[str]) -> None:
        for line in screen:
            self.lines.put(line)
        self.lines.put(None)

    def type(self, line: str) -> None:
        """Type ``line`` and press Enter."""
        self.keyboard.write(f"{line}\n")
        self.keyboard.flush()

    def read_until(self, marker: str, timeout: float = 20.0) -> str:
        """Read the screen line by line until ``marker`` shows up; everything read."""
        seen: list[str] = []
        deadline = time.monotonic() + timeout
        while (left := deadline - time.monotonic()) > 0:
            try:
                line = self.lines.get(timeout=left)
            except queue.Empty:
                break
            if line is None:
                break
            seen.append(line)
            if marker in line:
                return "".join(seen)
        raise AssertionError(f"no {marker!r} on screen:\n{''.join(seen)}")

    def quit(self) -> int:
        """Type /quit; the exit status."""
        self.type("/quit")
        return self.process.wait(20)


@contextmanager
def local_mode(folder: Path, **settings: str) -> Iterator[Terminal]:
    """Local mode started in ``folder`` as the user `sam`, text cards unless ``settings`` say otherwise."""
    env = {
        "PATH": os.environ.get("PATH", ""), "HOME": str(folder), "PYTHONUNBUFFERED": "1", "USER": "sam",
        "PYTHONPATH": str(PROJECT_ROOT), "PICTURES": "off", **settings,
    }
    process = subprocess.Popen(
        [sys.executable, "-m", "bot"], cwd=folder, env=env, text=True,
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
    )
    try:
        yield Terminal(process)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait(10)
