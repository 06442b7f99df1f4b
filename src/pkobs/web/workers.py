"""Several server processes on one port, each with its own listening socket (``SO_REUSEPORT``).

uvicorn's supervisor gives every worker the same listening socket. When a burst of connections
arrives, the worker that wakes first accepts them all (asyncio accepts up to the backlog per
wake-up), and with keep-alive clients they stay there: measured with ``--workers 2`` and 32
connections from wrk, one worker held 32, 32, 29 and 32 of them in four runs, so one core
answered while the other idled. Here each worker slot has a socket of its own, bound to the
same address with ``SO_REUSEPORT``: the kernel spreads new connections over the listening
sockets by their addresses, so each worker gets its share. A worker that dies is replaced on
its slot's socket (its waiting connections are answered by the replacement); ``SIGTTOU``
closes the last slot's socket with its worker.

Everything else is uvicorn's :class:`~uvicorn.supervisors.Multiprocess` (health checks,
signals, restarts); the methods below differ from uvicorn 0.54's only in handing each new
process its slot's socket.
"""

from __future__ import annotations

import logging
import socket

from uvicorn.config import STARTUP_FAILURE, Config
from uvicorn.supervisors.multiprocess import Multiprocess, Process

logger = logging.getLogger("uvicorn.error")


def balanced() -> bool:
    """Whether this system can give each worker its own socket on one port."""
    return hasattr(socket, "SO_REUSEPORT")


def listening_socket(host: str, port: int, shared: bool = True) -> socket.socket:
    """A socket bound to ``host:port``; other sockets of this process may share the port when
    ``shared`` (``SO_REUSEPORT``). Raises the ``OSError`` of a port in use or an address this
    machine does not have (``socket.gaierror`` for a host it cannot resolve)."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family)
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        if shared:
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEPORT, 1)
        sock.bind((host, port))
    except BaseException:
        sock.close()
        raise
    sock.set_inheritable(True)
    return sock


def listening_sockets(host: str, port: int, count: int) -> list[socket.socket]:
    """``count`` sockets bound to ``host:port`` now, before any server starts: one for a single
    server (as uvicorn binds it), one per worker slot sharing the port otherwise. A port in use
    or a bad host raises here (every socket bound so far closed), so it is said before the
    server prints anything or builds its application."""
    first = listening_socket(host, port, shared=count > 1)
    sockets = [first]
    try:
        bound = first.getsockname()[1]  # the port chosen when asked for 0
        sockets += [listening_socket(host, bound) for _ in range(count - 1)]
    except BaseException:
        for sock in sockets:
            sock.close()
        raise
    return sockets


class BalancedWorkers(Multiprocess):
    """uvicorn's worker supervisor with one listening socket per worker slot.

    ``listening`` are the slots' sockets, bound beforehand (:func:`listening_sockets`); without
    them, they are bound here.
    """

    def __init__(self, config: Config, listening: list[socket.socket] | None = None) -> None:
        super().__init__(config, sockets=[])
        self.listening = listening or listening_sockets(config.host, config.port, config.workers)

    def spawn(self, slot: int) -> Process:
        process = Process(self.config, [self.listening[slot]])
        process.start()
        return process

    def init_processes(self) -> None:
        self.processes = [self.spawn(slot) for slot in range(self.processes_num)]

    def restart_all(self) -> None:
        """Replaces each worker, its replacement in service before the old one is retired."""
        for slot, old_process in enumerate(self.processes):
            if self.should_exit.is_set():
                return
            new_process = self.spawn(slot)
            ready = new_process.wait_until_ready(
                self.config.timeout_worker_healthcheck, self.should_exit
            )
            if not ready:
                new_process.kill()
                new_process.join()
                if not self.should_exit.is_set():
                    logger.error(
                        "New child process [%s] was not ready in time; keeping worker [%s] "
                        "and aborting the restart.",
                        new_process.pid,
                        old_process.pid,
                    )
                return
            old_process.terminate()
            old_process.join()
            self.processes[slot] = new_process

    def keep_subprocess_alive(self) -> None:
        if self.should_exit.is_set():
            return
        for slot, process in enumerate(self.processes):
            if process.is_alive(timeout=self.config.timeout_worker_healthcheck):
                continue
            process.kill()  # hung: killed
            process.join()
            if process.exitcode == STARTUP_FAILURE:  # would fail the same way on every restart
                logger.error(
                    "Child process [%s] failed to start, stopping the parent process.",
                    process.pid,
                )
                self.should_exit.set()
                return
            if self.should_exit.is_set():
                return
            logger.info("Child process [%s] died", process.pid)
            self.processes[slot] = self.spawn(slot)

    def handle_ttin(self) -> None:
        logger.info("Received SIGTTIN, increasing the number of processes.")
        port = self.listening[0].getsockname()[1]
        self.listening.append(listening_socket(self.config.host, port))
        self.processes_num += 1
        self.processes.append(self.spawn(len(self.processes)))

    def handle_ttou(self) -> None:
        logger.info("Received SIGTTOU, decreasing number of processes.")
        if self.processes_num <= 1:
            logger.info("Already reached one process, cannot decrease the number of processes.")
            return
        self.processes_num -= 1
        process = self.processes.pop()
        process.terminate()
        process.join()
        self.listening.pop().close()

    def run(self) -> None:
        try:
            super().run()
        finally:
            for sock in self.listening:
                sock.close()


__all__ = ["BalancedWorkers", "balanced", "listening_socket", "listening_sockets"]
