"""How ``make unit`` (``pytest -n 2``) shares the tests between its xdist workers.

xdist's own ``--dist load`` sends tests one by one in collection order: both workers then build
the module fixtures they both use (the 126 PDFs parsed twice), and a long test that comes late
leaves one worker alone at the end. Here (the hook is imported by ``tests/conftest.py``):

- the tests of one module form one unit of work, run by one worker, which builds the module's
  fixtures once (a worker given a test of another module in between tears them down, and
  builds them again when the module's tests come back); a test that alone takes ``LONG`` or
  more in ``COSTS`` is a unit of its own, so that the long ones can go to both workers;
- the tests of the modules (or tests) in ``SHARED_FIXTURE_MODULES`` form one unit of work
  together, run by one worker, which builds their expensive shared fixture once;
- units start longest first (``COSTS``, measured on this machine), and a worker busy with a long
  test is given its next one from the short end of the queue, so that the long ones spread
  over both workers.

Only the order and the worker change; every test runs, with the same fixtures. ``--dist``
given explicitly (``loadfile``, ``each``...) keeps xdist's own scheduling.
"""

from __future__ import annotations

from collections.abc import Iterable

import pytest
from xdist.remote import Producer  # type: ignore[import-untyped]
from xdist.scheduler import LoadScopeScheduling  # type: ignore[import-untyped]
from xdist.scheduler.protocol import Scheduling  # type: ignore[import-untyped]
from xdist.workermanage import WorkerController  # type: ignore[import-untyped]

# The tests of each of these modules (or these tests) share an expensive fixture (the 126 PDFs
# parsed, the bulletins rendered, one server started): one unit of work each.
SHARED_FIXTURE_MODULES = {
    "tests/ingest/test_pdf.py": "pdf-reports",
    "tests/test_snapshot.py::test_shipped_snapshot_equals_a_fresh_build": "pdf-reports",
    "tests/ingest/test_history.py": "history-1990",
    "tests/reports/test_editorial.py": "editorial-bulletins",
    "tests/reports/test_bulletin.py": "ipi-bulletins",
    "tests/test_french_pages.py": "french-pages",
    "tests/web/test_limits.py": "limits-server",
}
# About how many seconds a test (or each test under a prefix) takes on an idle machine here
# (from --durations on 2026-12-02, halved: the machine was loaded), and each unit's fixtures;
# the first matching prefix counts, a test not listed costs DEFAULT_COST.
COSTS = {
    "tests/reports/test_archive.py::test_archive_of_all_53_real_months": 50.0,
    "tests/test_snapshot.py::test_shipped_snapshot_equals_a_fresh_build": 4.0,
    "tests/web/test_downloads_cache.py::test_download_is_built_once": 18.0,
    "tests/web/test_downloads_cache.py::test_concurrent_downloads": 15.0,
    "tests/test_french_pages.py::test_french_pages_read_as_french": 13.0,
    "tests/test_french_pages.py::test_english_pages_hold_no_french_nor_ids": 9.0,
    "tests/ingest/test_real_data.py::test_kill_9": 12.0,
    "tests/web/test_schema.py::test_no_server_error_with_real_table": 12.0,
    "tests/web/test_schema.py::test_no_server_error_on_any_operation": 5.0,
    "tests/web/test_serve.py::test_pkobs_serve_with_two_workers": 11.0,
    "tests/ingest/test_roundtrip.py::test_ipi_gender_wide_round_trip": 6.0,
    "tests/ingest/test_roundtrip.py::test_psdh_long_round_trip": 4.0,
    "tests/indicators/test_aggregates.py::test_alerts_kept_by_month": 0.5,
    "tests/web/test_limits.py::": 2.0,
    "tests/reports/test_editorial.py::": 0.25,
    "tests/reports/test_bulletin.py::": 0.3,
    "tests/ingest/test_pdf.py::": 0.1,
    # each test of these modules (--durations on 2026-12-03, halved likewise)
    "tests/indicators/test_aggregates.py::": 0.09,
    "tests/indicators/test_alerts_from_everyone.py::": 0.3,
    "tests/indicators/test_core.py::": 0.2,
    "tests/ingest/corpus/test_corpus.py::": 0.15,
    "tests/update/test_state.py::": 0.9,
    "tests/update/test_cli.py::": 1.2,
    "tests/update/test_safety.py::": 0.5,
    "tests/update/test_download.py::": 0.3,
    "tests/web/test_small_things.py::": 0.5,
    "tests/web/test_francophonie.py::": 0.3,
    "tests/web/test_map.py::": 0.2,
    "tests/web/test_month_pickers.py::": 0.4,
    "tests/web/test_formats.py::": 0.15,
    "tests/ingest/test_real_data.py::": 0.4,
    "tests/ingest/test_history.py::": 0.3,
    "tests/cli/test_sql_sandbox.py::": 0.15,
    "tests/cli/test_render.py::": 0.2,
    "tests/reports/test_web_bulletins.py::": 0.5,
    "tests/reports/test_cli.py::": 0.25,
    "tests/web/test_synthetic_notice.py::": 1.0,
    "tests/web/test_api_paging.py::": 0.2,
}
SETUP_COSTS = {"pdf-reports": 24.0, "editorial-bulletins": 8.0, "ipi-bulletins": 7.0}
DEFAULT_COST = 0.1
LONG = 5.0  # seconds: a worker with this much pending has enough queued


def prefix_cost(costs: dict[str, float], nodeid: str) -> float:
    for prefix, seconds in costs.items():
        if nodeid.startswith(prefix):
            return seconds
    return DEFAULT_COST


class LongestFirstScheduling(LoadScopeScheduling):  # type: ignore[misc]
    """xdist's load-by-scope scheduling, with the units above: longest units first."""

    modules = SHARED_FIXTURE_MODULES
    costs = COSTS
    setup_costs = SETUP_COSTS
    ordered = False

    def _split_scope(self, nodeid: str) -> str:
        test, module = nodeid.split("[", 1)[0], nodeid.split("::", 1)[0]
        if (shared := self.modules.get(test) or self.modules.get(module)) is not None:
            return shared
        return nodeid if self.alone(nodeid) else module

    def alone(self, nodeid: str) -> bool:
        """A long test named in the costs (not a whole module's prefix): its own unit."""
        for prefix, seconds in self.costs.items():
            if nodeid.startswith(prefix):
                return not prefix.endswith("::") and seconds >= LONG
        return False

    def cost(self, nodeid: str) -> float:
        return prefix_cost(self.costs, nodeid)

    def unit_cost(self, scope: str, nodeids: Iterable[str]) -> float:
        return self.setup_costs.get(scope, 0.0) + sum(self.cost(n) for n in nodeids)

    def _assign_work_unit(self, node: WorkerController) -> None:
        if not self.ordered:  # the queue was just built, in collection order
            costs = {s: self.unit_cost(s, unit) for s, unit in self.workqueue.items()}
            for scope in sorted(costs, key=lambda s: -costs[s]):  # stable for equal costs
                self.workqueue.move_to_end(scope)
            self.ordered = True
        super()._assign_work_unit(node)

    def _reschedule(self, node: WorkerController) -> None:
        if node.shutting_down:
            return
        if not self.workqueue:
            node.shutdown()
            return
        assigned = self.assigned_work[node].values()
        pending = [n for unit in assigned for n, done in unit.items() if not done]
        busy = sum(self.cost(n) for n in pending)
        # a worker runs a test once it holds the next one: keep two or three queued (as xdist)
        if len(pending) > 2 or (len(pending) == 2 and busy >= LONG):
            return
        if busy >= LONG:  # a long test is running: the next is a short one from the tail
            self.workqueue.move_to_end(next(reversed(self.workqueue)), last=False)
        self._assign_work_unit(node)


@pytest.hookimpl(optionalhook=True)  # without xdist (-p no:xdist), never called
def pytest_xdist_make_scheduler(config: pytest.Config, log: Producer) -> Scheduling | None:
    """``-n N`` (the default ``--dist load``): :class:`LongestFirstScheduling`."""
    if config.getvalue("dist") != "load":
        return None  # another --dist asked for explicitly: xdist's own
    return LongestFirstScheduling(config, log)
