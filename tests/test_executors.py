"""The local executor: values in order, and a worker's death charged to the item it died on alone."""

from __future__ import annotations

import os
import signal
import time

from prevent_docs.executors import CRASHED, LocalExecutor


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
