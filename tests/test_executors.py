"""The local executor: values in order, and a worker's death charged to the item it died on alone."""

from __future__ import annotations

import functools
import os
import signal
import time

from prevent_docs.executors import CRASHED, LocalExecutor
from tests.waiting import wait_until


class _Go:
    signal_name = None


def _work(item: str) -> str:
    """An item's value; "die" kills its worker, as a reader crash would, a moment after it starts."""
    if item == "die":
        time.sleep(0.3)
        os.kill(os.getpid(), signal.SIGKILL)
    return item.upper()


def test_executors_a_worker_dying_while_a_value_is_written_fails_its_item_alone():
    """The worker dies while the batch writes another file's value (a slow write): the next
    submit meets a broken pool, which once stopped the batch with a traceback."""
    values = []
    for item, value in LocalExecutor(jobs=2).map(_work, ["quick", "die", "x", "y"], stop=_Go()):
        values.append((item, value))
        if item == "quick":
            time.sleep(2)  # the write of "quick"; "die" dies meanwhile
    assert values == [("quick", "QUICK"), ("die", CRASHED), ("x", "X"), ("y", "Y")]


def _logged_work(item: str, log: str) -> str:
    with open(log, "a", encoding="utf-8") as out:
        out.write(f"start {item}\n")
    return item.upper()


def test_executors_a_worker_starts_its_next_item_while_the_batch_writes_the_last(tmp_path):
    """One worker, and a batch slow to write "first": "second" is already being read meanwhile,
    so a worker does not sit idle while the batch writes (it once waited for every write)."""
    log = tmp_path / "log"
    seen = []
    work = functools.partial(_logged_work, log=str(log))
    for item, value in LocalExecutor(jobs=1).map(work, ["first", "second"], stop=_Go()):
        seen.append((item, value))
        if item == "first":
            wait_until(lambda: "start second" in log.read_text(encoding="utf-8"),
                       "the worker to read 'second' while 'first' is written", seconds=20)
    assert seen == [("first", "FIRST"), ("second", "SECOND")]
