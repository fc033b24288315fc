"""Execute notebooks with nbclient in a kernel this worker keeps warm between reports.

One kernel serves up to :data:`REPORTS_PER_KERNEL` reports; before each, the kernel is reset to
its just-warmed-up state (:mod:`ipanalysis.build.kernelside`). Timing metadata is off
(``record_timing=False``) so executed notebooks carry no clock. A kernel that raised, timed out
or died is never reused, and a report that fails in a reused kernel is retried once in a fresh
one, so reuse can cost time but never turn a good report into a failed one. Kernels die with
their worker (:data:`ipanalysis.build.lifeline.KERNEL_LAUNCH`). Around each notebook the kernel
records what it reads of ``data/`` (:mod:`ipanalysis.reads`), and the record comes back with
the executed notebook.
"""

from __future__ import annotations

import asyncio
import copy
import json
import os
import tempfile
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from jupyter_client.manager import AsyncKernelManager
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError, DeadKernelError
from nbformat import NotebookNode

from ipanalysis.build.config import KERNEL_NAME
from ipanalysis.build.lifeline import KERNEL_LAUNCH

REPORTS_PER_KERNEL = 25
#: A kernel is started this many times before its report fails. jupyter_client picks free TCP
#: ports and the kernel binds them a moment later; another process (the other worker starting
#: its kernel) can take one in between, and the kernel dies with "Address already in use".
KERNEL_START_ATTEMPTS = 3
STARTUP_TIMEOUT = 120
CELL_TIMEOUT = 1200
_KERNEL_ARGS = ["--HistoryManager.enabled=False"]
_WARM_UP = "__import__('ipanalysis.build.kernelside', fromlist=['_']).warm_up({root!r})"
_RESET = "__import__('ipanalysis.build.kernelside', fromlist=['_']).reset()"
_START_READS = "__import__('ipanalysis.reads', fromlist=['_']).start({data_dir!r})"
_DUMP_READS = "__import__('ipanalysis.reads', fromlist=['_']).dump({path!r})"


class KernelSetupError(RuntimeError):
    """The kernel could not be started, warmed up or reset."""


@dataclass(frozen=True)
class Execution:
    """An executed notebook (complete, or up to where it stopped) and what happened.

    ``problem`` explains a stop that left no error output in the notebook (a timeout, a dead
    kernel); ``retried_fresh`` says the report failed in a reused kernel and was run again;
    ``reads`` is what the notebook read (:func:`ipanalysis.reads.snapshot`), ``None`` when the
    kernel could not say.
    """

    nb: NotebookNode
    ok: bool
    problem: str | None = None
    retried_fresh: bool = False
    reads: dict[str, Any] | None = None


class Kernel:
    """A started kernel with its client; ``runs`` counts the notebooks it has executed."""

    def __init__(self, km: AsyncKernelManager, kc: Any, warm: bool) -> None:
        self.km = km
        self.kc = kc
        self.warm = warm
        self.runs = 0

    @classmethod
    async def start(
        cls, env: Mapping[str, str], cwd: Path, project_root: Path | None
    ) -> Kernel:
        """Start a kernel; warm it up (and reset it before each notebook) when given the
        project root, else leave it exactly as a plain papermill run would find it."""
        km = AsyncKernelManager(kernel_name=KERNEL_NAME, transport_encryption="auto")
        await km.start_kernel(
            cwd=str(cwd), env=dict(env), extra_arguments=_KERNEL_ARGS, **KERNEL_LAUNCH
        )
        kc = km.client()
        kc.allow_stdin = False
        kc.start_channels()
        kernel = cls(km, kc, warm=project_root is not None)
        try:
            await kc.wait_for_ready(timeout=STARTUP_TIMEOUT)
            if project_root is not None:
                await kernel.run_silently(_WARM_UP.format(root=str(project_root)))
        except BaseException:
            await kernel.shutdown()
            raise
        return kernel

    async def run_silently(self, code: str) -> None:
        """Run set-up code that leaves no trace: no output, history or execution count."""
        msg_id = self.kc.execute(code, silent=True, store_history=False)
        while True:
            reply = await self.kc.get_shell_msg(timeout=STARTUP_TIMEOUT)
            if reply["parent_header"].get("msg_id") == msg_id:
                break
        if reply["content"]["status"] != "ok":
            content = reply["content"]
            raise KernelSetupError(f"{content.get('ename')}: {content.get('evalue')}")

    async def execute(self, nb: NotebookNode, cwd: Path, data_dir: Path) -> NotebookNode:
        """Reset (warm kernels), start recording reads below ``data_dir``, then execute ``nb``
        in place; raises what nbclient raises. The reset and the start go in one request:
        each request is a round trip through the kernel's message loop."""
        start = _START_READS.format(data_dir=str(data_dir))
        await self.run_silently(f"{_RESET}; {start}" if self.warm else start)
        client = NotebookClient(
            nb,
            km=self.km,
            kernel_name=KERNEL_NAME,
            timeout=CELL_TIMEOUT,
            startup_timeout=STARTUP_TIMEOUT,
            record_timing=False,
            resources={"metadata": {"path": str(cwd)}},
        )
        client.kc = self.kc
        self.runs += 1
        return await client.async_execute()

    async def reads(self) -> dict[str, Any] | None:
        """What the last notebook read, or ``None`` when the kernel cannot say."""
        handle, path = tempfile.mkstemp(prefix="reads-", suffix=".json")
        os.close(handle)
        try:
            await self.run_silently(_DUMP_READS.format(path=path))
            with open(path, encoding="utf-8") as fh:
                return json.load(fh)
        except (KernelSetupError, TimeoutError, ValueError, OSError):
            return None
        finally:
            os.unlink(path)

    async def shutdown(self) -> None:
        self.kc.stop_channels()
        await self.km.shutdown_kernel(now=True)


class Executor:
    """Executes notebooks one at a time for a worker process, reusing its kernel when allowed.

    With ``reuse=False`` every notebook gets a new kernel without warm-up: a plain run, which
    ``--fresh-kernels`` uses to check that reuse changes no byte of any report.
    """

    def __init__(
        self, env: Mapping[str, str], cwd: Path, project_root: Path, data_dir: Path, reuse: bool
    ):
        self._env = {**os.environ, **env}
        self._cwd = cwd
        self._root = project_root
        self._data_dir = data_dir
        self._reuse = reuse
        self._kernel: Kernel | None = None
        self._loop = asyncio.new_event_loop()

    def run(self, nb: NotebookNode) -> Execution:
        """Execute a copy of ``nb``; on failure in a reused kernel, retry in a fresh one."""
        return self._loop.run_until_complete(self._run(nb))

    def close(self) -> None:
        """Shut the kernel down and close the event loop."""
        self._loop.run_until_complete(self._discard())
        self._loop.close()

    async def _run(self, nb: NotebookNode) -> Execution:
        kernel = await self._kernel_for_next()
        first = await self._attempt(kernel, nb)
        if first.ok or kernel.runs == 1:
            return first
        retry = await self._attempt(await self._kernel_for_next(), nb)
        if retry.ok:
            self._reuse = False
        return Execution(retry.nb, retry.ok, retry.problem, retried_fresh=True, reads=retry.reads)

    async def _attempt(self, kernel: Kernel, nb: NotebookNode) -> Execution:
        attempt = copy.deepcopy(nb)
        try:
            await kernel.execute(attempt, self._cwd, self._data_dir)
            reads = await kernel.reads()
        except CellExecutionError:
            await self._discard()
            return Execution(attempt, ok=False)
        except (TimeoutError, DeadKernelError, KernelSetupError) as err:
            await self._discard()
            return Execution(attempt, ok=False, problem=f"{type(err).__name__}: {err}")
        return Execution(attempt, ok=True, reads=reads)

    async def _kernel_for_next(self) -> Kernel:
        kernel = self._kernel
        if kernel is not None and (
            (kernel.runs > 0 and not self._reuse) or kernel.runs >= REPORTS_PER_KERNEL
        ):
            await self._discard()
        if self._kernel is None:
            self._kernel = await self._start_kernel()
        return self._kernel

    async def _start_kernel(self) -> Kernel:
        """A started (and, when reusing, warmed-up) kernel, trying up to
        :data:`KERNEL_START_ATTEMPTS` times; the last attempt's error is raised."""
        attempts_left = KERNEL_START_ATTEMPTS
        while True:
            try:
                return await Kernel.start(self._env, self._cwd, self._root if self._reuse else None)
            except RuntimeError:  # "Kernel died before replying", or KernelSetupError
                attempts_left -= 1
                if attempts_left == 0:
                    raise

    async def _discard(self) -> None:
        if self._kernel is not None:
            kernel, self._kernel = self._kernel, None
            await kernel.shutdown()
