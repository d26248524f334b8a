"""lexgate.dask: screen corpora of many gigabytes on a Dask cluster.

    import lexgate.dask

    summary = lexgate.dask.screen(["corpus/*.txt.gz", "chats.jsonl"],
                                  field="/messages/0/content", workers=2)
    print(summary.to_dict()["by_category"])   # matches and texts hit per category

or from the shell, ``python -m lexgate.dask --field /messages/0/content
--json summary.json corpus/`` (``--help`` for the options; exit status 0
done, 2 if any file, partition or record failed).

Inputs are one text per line or JSON Lines, gzip'd or not, as
lexgate-filter reads them: the counts are the ones ``lexgate-filter
--stats=json`` gives on the same files. The engine is compiled once and
scattered to the workers; each task screens one partition (a byte range of
a plain file, or a whole gzip'd file) with Engine.scan_many. Dask's
distributed scheduler runs the tasks: a LocalCluster of worker processes
by default, or any scheduler (``scheduler="tcp://host:8786"``) for a
cluster of machines, each with lexgate installed and the data at the same
paths.

Module by module:

    screen, local_cluster  (_run)      the driver
    ScreenSummary          (_summary)  the counts, failures and samples
                           (_inputs)   files, formats, partitions, reading
                           (_task)     the task of one partition
                           (_outputs)  flagged / redacted JSONL shards
                           (__main__)  the command
"""

try:
    import distributed as _distributed  # noqa: F401
except ImportError as _error:  # pragma: no cover - depends on the machine
    raise ImportError(
        "lexgate.dask needs Dask's distributed scheduler: install python3-distributed "
        "(Debian) or `pip install distributed`") from _error

from lexgate.dask._run import TASK_PREFIX, local_cluster, screen
from lexgate.dask._summary import ScreenSummary

__all__ = ["ScreenSummary", "TASK_PREFIX", "local_cluster", "screen"]
