"""Run the real bot (`python -m bot`, or another module) as a child process, the way `make run` and the Procfile do.

`BotProcess` starts it with a clean environment (only what the test passes), captures everything it prints
into a file, waits until PTB reports "Application started", and stops it with SIGTERM (a clean stop) or
SIGKILL (a crash). Its working directory is a temporary folder, so no developer `.env` leaks in. `PYTHONPATH`
is this checkout, so the child runs the code under test even when the virtualenv's editable install points
at another checkout (a git worktree sharing the venv). Cards go out as text (``PICTURES=off``) unless a test
asks for pictures (``tests.support.pictures``: a cache of tiny stand-ins), so no test process draws any.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

READY_LINE = "Application started"
TEST_TOKEN = "123456789:AAE2e-test-token-not-real_0123456789"
#: The checkout these tests belong to: the child imports `bot` (and everything else) from here.
PROJECT_ROOT = Path(__file__).resolve().parents[2]


class BotProcess:
    """One run of `python -m bot` in `workdir` with `env` added to a minimal environment."""

    def __init__(self, workdir: Path, env: dict[str, str], module: str = "bot") -> None:
        self.workdir = workdir
        self.module = module
        self.env = {
            "PATH": os.environ.get("PATH", ""), "HOME": str(workdir), "PYTHONUNBUFFERED": "1",
            "PYTHONPATH": str(PROJECT_ROOT), "PICTURES": "off", **env,
        }
        self.log_path = workdir / f"bot-{time.monotonic_ns()}.log"
        self.process: subprocess.Popen[bytes] | None = None

    def start(self, *, wait_ready: bool = True, timeout: float = 30.0) -> BotProcess:
        """Start the process; by default wait until it is polling (or serving its webhook)."""
        self.log_path.write_bytes(b"")
        log_file = self.log_path.open("ab")
        self.process = subprocess.Popen(
            [sys.executable, "-m", self.module],
            cwd=self.workdir,
            env=self.env,
            stdin=subprocess.DEVNULL,
            stdout=log_file,
            stderr=subprocess.STDOUT,
        )
        log_file.close()
        if wait_ready:
            self.wait_for_output(READY_LINE, timeout)
        return self

    @property
    def pid(self) -> int:
        """The process id."""
        assert self.process is not None
        return self.process.pid

    def cpu_seconds(self) -> float:
        """User plus system CPU time the process has used so far (Linux /proc)."""
        fields = Path(f"/proc/{self.pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

    def peak_rss_mb(self) -> float:
        """The process's peak resident memory so far, in MB (Linux /proc)."""
        for line in Path(f"/proc/{self.pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
        return 0.0

    @property
    def output(self) -> str:
        """Everything the process has printed so far (stdout and stderr together)."""
        return self.log_path.read_text(errors="replace")

    def wait_for_output(self, text: str, timeout: float = 30.0, times: int = 1) -> None:
        """Wait until `text` appears in the output (``times`` times in all); fail with the output if the process
        dies or time runs out."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.output.count(text) >= times:
                return
            if self.process is not None and self.process.poll() is not None:
                raise AssertionError(f"bot exited with {self.process.returncode} before {text!r}:\n{self.output}")
            time.sleep(0.05)
        raise AssertionError(f"no {text!r} within {timeout} s:\n{self.output}")

    def wait_exit(self, timeout: float = 30.0) -> int:
        """Wait for the process to end by itself; its exit status."""
        assert self.process is not None
        return self.process.wait(timeout)

    def stop(self, timeout: float = 20.0) -> int:
        """A clean stop, as a platform would do it (SIGTERM)."""
        return self._signal(signal.SIGTERM, timeout)

    def kill(self) -> int:
        """A crash: SIGKILL, no chance to clean up."""
        return self._signal(signal.SIGKILL, 10.0)

    def _signal(self, sig: signal.Signals, timeout: float) -> int:
        assert self.process is not None
        if self.process.poll() is None:
            self.process.send_signal(sig)
            try:
                return self.process.wait(timeout)
            except subprocess.TimeoutExpired:
                self.process.kill()
                return self.process.wait(timeout)
        return self.process.returncode


def free_port() -> int:
    """A TCP port free on 127.0.0.1 right now (for a bot's webhook server)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def run_once(workdir: Path, env: dict[str, str], timeout: float = 30.0) -> tuple[int, str]:
    """Run `python -m bot` expecting it to exit by itself (a configuration error): status and output."""
    bot = BotProcess(workdir, env).start(wait_ready=False)
    status = bot.wait_exit(timeout)
    return status, bot.output
