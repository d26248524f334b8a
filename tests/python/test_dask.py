"""lexgate.dask on a real LocalCluster of worker processes: the counts equal
lexgate-filter --stats=json on the same files, whatever the partitioning;
failures are counted and listed; a worker killed mid-run loses and
double-counts nothing; the command's exit status."""

from __future__ import annotations

import gzip
import json
import os
import subprocess
import sys
import time
from pathlib import Path
from typing import Any, Dict, Iterator, List

import pytest

from deps import require

require("dask")
distributed = require("distributed")

import lexgate  # noqa: E402
import lexgate.dask  # noqa: E402
from dask_fixtures import (  # noqa: E402
    cli_stats,
    cli_view,
    write_gzip_text,
    write_jsonl,
    write_text,
)

FIELD = "/messages/0/content"


def cluster_kwargs() -> Dict[str, Any]:
    return dict(processes=True, n_workers=2, threads_per_worker=1, host="127.0.0.1",
                dashboard_address=None)


@pytest.fixture(scope="module")
def client() -> Iterator[Any]:
    with distributed.LocalCluster(**cluster_kwargs()) as cluster, \
            distributed.Client(cluster) as c:
        yield c


@pytest.fixture(scope="module")
def engine() -> lexgate.Engine:
    return lexgate.Engine.default(streaming=False)


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("corpus")
    write_text(root / "plain.txt", 30)
    write_gzip_text(root / "more.txt.gz", 7)
    (root / "dir" / "sub").mkdir(parents=True)
    write_text(root / "dir" / "a.txt", 3)
    write_text(root / "dir" / "sub" / "b.txt", 5, invalid_utf8=False)
    (root / "dir" / "empty.txt").write_bytes(b"")
    write_jsonl(root / "chats.jsonl", 20)
    write_jsonl(root / "chats.jsonl.gz", 4)
    return root


def view(summary: Dict[str, Any]) -> Dict[str, Any]:
    """The summary in the CLI's terms (by_category/by_rule without texts)."""
    return {
        "texts": summary["texts"], "texts_hit": summary["texts_hit"],
        "matches": summary["matches"], "errors": summary["errors"],
        "bytes": summary["bytes"], "by_action": summary["by_action"],
        "fingerprint": summary["fingerprint"],
        "by_category": [{k: c[k] for k in ("category", "zh", "en", "matches")}
                        for c in summary["by_category"]],
        "by_rule": [{k: r[k] for k in ("rule", "matches")} for r in summary["by_rule"]],
    }


def text_files(corpus: Path) -> List[Path]:
    return [corpus / "plain.txt", corpus / "more.txt.gz", corpus / "dir" / "a.txt",
            corpus / "dir" / "empty.txt", corpus / "dir" / "sub" / "b.txt"]


def test_text_files_count_as_the_cli(client: Any, engine: lexgate.Engine, corpus: Path) -> None:
    # A glob, a directory and a gzip'd file; plain.txt cut into many
    # partitions whose cuts fall inside lines.
    summary = lexgate.dask.screen([corpus / "plain.txt", str(corpus / "*.txt.gz"), corpus / "dir"],
                                  engine=engine, client=client, partition_bytes=777,
                                  jsonl=False)
    out = summary.to_dict()
    assert out["type"] == "screen" and out["v"] == 1
    assert view(out) == cli_view(cli_stats(text_files(corpus)))
    assert out["partitions"] > 10 and out["partitions_failed"] == 0
    assert summary.exit_status == 0 and out["failures"] == []
    files = {Path(f["file"]).name: f for f in out["files"]}
    assert set(files) == {"plain.txt", "more.txt.gz", "a.txt", "empty.txt", "b.txt"}
    # Blank lines are texts in plain text, as in lexgate-filter.
    assert files["plain.txt"]["lines"] == files["plain.txt"]["texts"] == 12 * 30
    assert files["more.txt.gz"]["partitions"] == 1 and files["more.txt.gz"]["gzip"]
    assert files["empty.txt"]["texts"] == 0
    # texts hit per category/rule: never more than the texts hit or the matches.
    for entry in out["by_category"] + out["by_rule"]:
        assert 0 < entry["texts"] <= min(entry["matches"], out["texts_hit"])


def test_categories_the_packs_declare_are_named(client: Any, tmp_path: Path) -> None:
    # tests/cli/rules/basic declares "violence" (暴力 / Violence): the
    # summary names it as lexgate-filter --stats does, from the engine.
    packs = Path(__file__).resolve().parents[1] / "cli" / "rules" / "basic"
    engine = lexgate.Engine.from_paths(packs, streaming=False)
    corpus = tmp_path / "violence.txt"
    corpus.write_text("教你炸弹制作\nwhat the fuck\nclean\n", encoding="utf-8")
    out = lexgate.dask.screen([corpus], engine=engine, client=client).to_dict()
    names = {c["category"]: (c["zh"], c["en"]) for c in out["by_category"]}
    assert names["violence"] == ("暴力", "Violence")
    assert view(out) == cli_view(cli_stats([corpus], rules=packs))


def test_partitioning_does_not_change_the_counts(client: Any, engine: lexgate.Engine,
                                                 corpus: Path) -> None:
    whole = lexgate.dask.screen([corpus / "plain.txt"], engine=engine, client=client)
    for size in (300, 5000):
        cut = lexgate.dask.screen([corpus / "plain.txt"], engine=engine, client=client,
                                  partition_bytes=size)
        assert view(cut.to_dict()) == view(whole.to_dict()), size
        assert cut.to_dict()["files"][0]["lines"] == 12 * 30


def test_jsonl_nested_pointer_counts_as_the_cli(client: Any, engine: lexgate.Engine,
                                                corpus: Path) -> None:
    files = [corpus / "chats.jsonl", corpus / "chats.jsonl.gz"]
    summary = lexgate.dask.screen(files, engine=engine, client=client, field=FIELD,
                                  partition_bytes=500)
    out = summary.to_dict()
    assert view(out) == cli_view(cli_stats(files, FIELD))
    assert out["field"] == FIELD
    per_file = {Path(f["file"]).name: f for f in out["files"]}
    # Per repeat: 4 malformed lines ({not json, [1, 2], NaN, 1e400}), 2
    # record errors (missing field, not a string); blank lines skipped.
    assert per_file["chats.jsonl"]["malformed"] == 4 * 20
    assert per_file["chats.jsonl"]["errors"] == 6 * 20
    assert per_file["chats.jsonl.gz"]["errors"] == 6 * 4
    assert summary.exit_status == 2
    assert out["failures_total"] == out["errors"] == 6 * 24
    lines = (corpus / "chats.jsonl").read_bytes().split(b"\n")
    for failure in out["failures"]:
        assert set(failure) == {"file", "offset", "line", "message"}
        if failure["file"].endswith("chats.jsonl"):
            line = lines[failure["line"] - 1]
            raw = (corpus / "chats.jsonl").read_bytes()
            assert raw[failure["offset"]:].startswith(line)
    messages = {f["message"] for f in out["failures"]}
    assert f'missing field "{FIELD}"' in messages
    assert f'field "{FIELD}" is not a string' in messages


def test_failures_are_counted_and_listed(client: Any, engine: lexgate.Engine, corpus: Path,
                                         tmp_path: Path) -> None:
    good = corpus / "dir" / "a.txt"
    broken = tmp_path / "broken.txt.gz"
    data = gzip.compress(good.read_bytes() * 50)
    broken.write_bytes(data[: len(data) // 2])  # truncated
    dangling = tmp_path / "dangling.txt"
    dangling.symlink_to(tmp_path / "nowhere")
    inputs: List[Any] = [good, broken, dangling, tmp_path / "missing.txt",
                         str(tmp_path / "none-*.txt")]
    if os.geteuid() != 0:  # root reads anything
        locked = tmp_path / "locked.txt"
        locked.write_text("fuck\n")
        locked.chmod(0)
        inputs.append(locked)
    summary = lexgate.dask.screen(inputs, engine=engine, client=client)
    out = summary.to_dict()
    assert summary.exit_status == 2
    failed = {Path(f["file"]).name: f for f in out["files"] if "failed" in f}
    assert set(failed) >= {"broken.txt.gz", "dangling.txt", "missing.txt", "none-*.txt"}
    assert out["files_failed"] == len(failed)
    listed = {Path(f["file"]).name for f in out["failures"]}
    assert listed == set(failed)
    assert "reading stopped" in failed["broken.txt.gz"]["failed"]
    # The readable file is counted in full.
    assert view(lexgate.dask.screen([good], engine=engine, client=client).to_dict()) == \
        cli_view(cli_stats([good]))
    assert {f["file"]: f["texts"] for f in out["files"]}[str(good)] == 12 * 3


def test_a_file_cut_short_during_the_run_is_a_failure(client: Any, engine: lexgate.Engine,
                                                      tmp_path: Path) -> None:
    # Planned at its full size, then cut short before its partitions are
    # read: the partitions past the cut fail, and the file is listed as
    # failed (exit 2), never counted as read to its end.
    path = tmp_path / "shrinks.txt"
    path.write_bytes(b"fuck 13812345678\n" * 1000)
    files = lexgate.dask._inputs.expand([path])
    path.write_bytes(path.read_bytes()[:5000])
    original = lexgate.dask._run.expand
    lexgate.dask._run.expand = lambda paths, jsonl=None: files  # type: ignore[assignment]
    try:
        summary = lexgate.dask.screen([path], engine=engine, client=client, partition_bytes=4000)
    finally:
        lexgate.dask._run.expand = original  # type: ignore[assignment]
    out = summary.to_dict()
    assert summary.exit_status == 2
    assert out["files_failed"] == 1 and "cut short" in out["files"][0]["failed"]
    assert any("cut short" in f["message"] for f in out["failures"])
    # What the file still held was read, once.
    assert out["texts"] == 5000 // len(b"fuck 13812345678\n") + 1


def test_rules_that_screen_nothing_are_refused(client: Any, tmp_path: Path) -> None:
    # The taxonomy file given as the rules: no [[rule]], so every text would
    # pass as clean. lexgate-filter refuses it; so do screen() and the command.
    text = tmp_path / "c.txt"
    text.write_text("fuck 13812345678\n")
    taxonomy = Path(lexgate.__file__).parent / "rules" / "categories.toml"
    if not taxonomy.exists():
        taxonomy = Path(__file__).resolve().parents[2] / "rules" / "categories.toml"
    with pytest.raises(ValueError, match="nothing would be screened"):
        lexgate.dask.screen([text], rules=[taxonomy], client=client)
    done = run_command(["--rules", str(taxonomy), "--workers", "1", str(text)])
    assert done.returncode == 2 and "nothing would be screened" in done.stderr


def test_a_field_without_json_lines_is_refused(client: Any, engine: lexgate.Engine,
                                               tmp_path: Path) -> None:
    # A .json file holding JSON Lines, its Chinese escaped: read as plain
    # lines (by its name), the escaped keyword went unseen and --field was
    # ignored without a word. It is an error (as lexgate-filter's usage
    # error), and with --jsonl the file is read as it should be.
    chat = tmp_path / "chat.json"
    chat.write_text(json.dumps({"text": "你是傻逼 电话13812345678"}) + "\n")
    assert "\\u" in chat.read_text()
    with pytest.raises(ValueError, match="no input is JSON Lines"):
        lexgate.dask.screen([chat], engine=engine, client=client, field="text")
    with pytest.raises(ValueError, match="JSON Lines"):
        lexgate.dask.screen([chat], engine=engine, client=client, field="text", jsonl=False)
    done = run_command(["--field", "text", "--workers", "1", str(chat)])
    assert done.returncode == 2 and "no input is JSON Lines" in done.stderr
    out = lexgate.dask.screen([chat], engine=engine, client=client, field="text",
                              jsonl=True).to_dict()
    assert out["field"] == "text" and out["files"][0]["format"] == "jsonl"
    assert out["matches"] == len(engine.scan("你是傻逼 电话13812345678").matches) == 2
    for key in ("verdict", "/m/redacted", "matches", "v", "error"):
        with pytest.raises(ValueError, match="would overwrite it"):
            lexgate.dask.screen([chat], engine=engine, client=client, field=key, jsonl=True)


def test_a_directory_hides_nothing_and_an_empty_one_fails(client: Any, engine: lexgate.Engine,
                                                          tmp_path: Path) -> None:
    empty = tmp_path / "empty"
    (empty / "sub").mkdir(parents=True)
    summary = lexgate.dask.screen([empty], engine=engine, client=client)
    out = summary.to_dict()
    # Nothing screened is a failure, as for a pattern matching nothing.
    assert summary.exit_status == 2 and out["texts"] == 0 and out["files_failed"] == 1
    assert out["failures"] == [{"file": str(empty),
                                "message": "no file to screen in this directory"}]
    # Hidden files are screened as lexgate-filter screens every file named.
    hidden = tmp_path / "hidden"
    (hidden / ".cache").mkdir(parents=True)
    chats = [hidden / ".chat-2024.txt", hidden / ".cache" / "log.txt"]
    chats[0].write_text("fuck you\n电话13812345678\n", encoding="utf-8")
    write_text(chats[1], 2)
    summary = lexgate.dask.screen([hidden], engine=engine, client=client)
    out = summary.to_dict()
    assert summary.exit_status == 0 and out["failures"] == []
    assert [f["file"] for f in out["files"]] == [str(chats[1]), str(chats[0])]
    assert view(out) == cli_view(cli_stats(chats)) and out["texts_hit"] >= 2


@pytest.mark.parametrize("size", [0, -1, True, 1.5, float("inf"), float("nan"), 2**40 + 1,
                                  2**64, "32"])
def test_partition_size_is_an_int_in_range(client: Any, engine: lexgate.Engine, corpus: Path,
                                           size: Any) -> None:
    with pytest.raises(ValueError, match=r"partition_bytes must be an int from 1 to "
                                         r"1099511627776 \(1 TiB\)"):
        lexgate.dask.screen([corpus / "plain.txt"], engine=engine, client=client,
                            partition_bytes=size)


def test_samples_are_bounded_located_and_masked(client: Any, engine: lexgate.Engine,
                                                corpus: Path) -> None:
    plain = corpus / "plain.txt"
    out = lexgate.dask.screen([plain], engine=engine, client=client, partition_bytes=2000,
                              sample_per_rule=2).to_dict()
    by_rule: Dict[str, List[Dict[str, Any]]] = {}
    for s in out["samples"]:
        by_rule.setdefault(s["rule"], []).append(s)
    assert set(by_rule) == {r["rule"] for r in out["by_rule"]}
    raw = plain.read_bytes()
    lines = raw.split(b"\n")
    for rule, samples in by_rule.items():
        assert len(samples) == 2
        for s in samples:
            assert s["fingerprint"] == engine.fingerprint
            assert "text" not in s and "hmac" not in s
            line = lines[s["line"] - 1]
            assert raw[s["offset"]:].startswith(line)  # offset and line agree
            text = line.decode("utf-8", "replace")
            assert s["rule"] in {m.rule for m in engine.scan(line).matches}
            context, (a, b) = s["context"], s["at"]
            assert set(context[a:b]) == {"*"} and b - a == s["end"] - s["start"]
            assert "13812345678" not in context and "fuck" not in context.lower()
            assert len(context) <= (s["end"] - s["start"]) + 80 and len(text) >= len(context)
        # The first hits in input order.
        assert by_rule[rule][0]["line"] < by_rule[rule][1]["line"]
    key = lexgate.AuditKey(b"k" * 32)
    hidden = lexgate.dask.screen([plain], engine=engine, client=client, sample_per_rule=1,
                                 sample_text=False, audit_key=key).to_dict()
    assert hidden["samples"] and all("context" not in s and len(s["hmac"]) == 64
                                     for s in hidden["samples"])


def test_shards_hold_every_record_once(client: Any, engine: lexgate.Engine, corpus: Path,
                                       tmp_path: Path) -> None:
    plain = corpus / "plain.txt"
    summary = lexgate.dask.screen([plain, corpus / "chats.jsonl"], engine=engine,
                                  client=client, partition_bytes=1500, field=FIELD,
                                  write_flagged=tmp_path / "flagged",
                                  write_redacted=tmp_path / "redacted")
    out = summary.to_dict()
    redacted = [json.loads(line) for shard in sorted((tmp_path / "redacted").iterdir())
                for line in shard.read_text(encoding="utf-8").splitlines()]
    flagged = [json.loads(line) for shard in sorted((tmp_path / "flagged").iterdir())
               for line in shard.read_text(encoding="utf-8").splitlines()]
    assert len(list((tmp_path / "redacted").iterdir())) == out["partitions"]
    plain_lines = [r["line"] for r in redacted if r["file"] == str(plain)]
    assert plain_lines == list(range(1, 12 * 30 + 1))  # every line once, in order
    assert len(flagged) == out["texts_hit"]
    assert all(r["verdict"] != "allow" and r["matches"] for r in flagged if "text" in r)
    for r in redacted:
        if r["file"] == str(plain) and r.get("verdict") not in (None, "allow"):
            assert "13812345678" not in r["text"]
    chats = [r for r in redacted if r["file"].endswith("chats.jsonl")]
    assert sum(1 for r in chats if "error" in r) == 6 * 20
    assert all(r["object"]["messages"][0]["content"] != "电话13812345678"
               for r in chats if "object" in r)
    hit = next(r for r in flagged if r["file"].endswith("chats.jsonl"))
    assert hit["object"]["messages"][0]["verdict"] in ("mask", "block", "flag")


def test_shards_of_an_earlier_run_are_never_mixed_in(client: Any, engine: lexgate.Engine,
                                                     corpus: Path, tmp_path: Path) -> None:
    # A run replaces only its own partitions' shards: an earlier, larger
    # run's would stay beside them as if this run had written them.
    out_dir = tmp_path / "redacted"
    lexgate.dask.screen([corpus / "plain.txt"], engine=engine, client=client,
                        partition_bytes=900, write_redacted=out_dir)
    assert len(list(out_dir.iterdir())) > 1
    with pytest.raises(ValueError, match="holds shards of an earlier run"):
        lexgate.dask.screen([corpus / "plain.txt"], engine=engine, client=client,
                            write_redacted=out_dir)
    (out_dir / "notes.txt").write_text("mine")  # other files are the user's business
    for shard in out_dir.glob("part-*"):
        shard.unlink()
    (out_dir / "part-00003.jsonl.tmp-1-abc").write_text("{}")  # an unfinished one too
    with pytest.raises(ValueError, match="part-00003.jsonl.tmp-1-abc"):
        lexgate.dask.screen([corpus / "plain.txt"], engine=engine, client=client,
                            write_flagged=out_dir)


def test_unfinished_shards_of_dead_workers_are_removed(tmp_path: Path) -> None:
    # A worker killed while writing cannot remove its temporary file; with
    # --write-flagged it holds the unmasked text of the texts hit.
    from lexgate.dask._outputs import ShardWriter, remove_unfinished

    writer = ShardWriter(str(tmp_path), 2)
    writer.write(1, {"text": "fuck"})
    writer.flush()  # the worker dies here: the temporary file stays
    done = ShardWriter(str(tmp_path), 3)
    done.write(1, {"text": "ok"})
    done.commit()
    (tmp_path / "mine.tmp-1").write_text("the user's")
    remove_unfinished(str(tmp_path))
    assert sorted(p.name for p in tmp_path.iterdir()) == ["mine.tmp-1", "part-00003.jsonl"]


def test_the_report_reads_a_real_summary_as_the_corpus(client: Any, engine: lexgate.Engine,
                                                      corpus: Path, tmp_path: Path) -> None:
    # The audit report on the summary of a Dask run counts what it counts
    # on the same files itself (texts per risk aside: a summary has them
    # per category only).
    from lexgate.report import make_report

    files = text_files(corpus)
    summary = lexgate.dask.screen(files, engine=engine, client=client, partition_bytes=1500)
    path = tmp_path / "summary.json"
    path.write_text(json.dumps(summary.to_dict()), encoding="utf-8")
    from_summary = make_report([str(path)]).report
    direct = make_report([str(f) for f in files]).report
    keys = ("fingerprint", "texts", "texts_hit", "matches", "errors", "bytes", "by_action",
            "failures_total", "complete", "rules_hit")
    assert {k: from_summary[k] for k in keys} == {k: direct[k] for k in keys}
    assert [(c["category"], c["matches"], c["texts"]) for c in from_summary["by_category"]] == \
        [(c["category"], c["matches"], c["texts"]) for c in direct["by_category"]]
    assert from_summary["top_rules"] == direct["top_rules"]
    assert sorted(from_summary["samples"]) == sorted(direct["samples"])
    assert [f["path"] for f in from_summary["files"]] == [f["path"] for f in direct["files"]]


class KillFirstAttempt(distributed.WorkerPlugin):  # type: ignore[misc]
    """Kills the worker process that starts partition ``index`` for the
    first time (a marker file tells the first attempt from the retry)."""

    def __init__(self, index: int, marker: str) -> None:
        self.prefix = f"{lexgate.dask.TASK_PREFIX}{index}-"
        self.marker = marker

    def transition(self, key: str, start: str, finish: str, **kwargs: Any) -> None:
        if finish == "executing" and str(key).startswith(self.prefix):
            try:
                fd = os.open(self.marker, os.O_CREAT | os.O_EXCL | os.O_WRONLY)
            except FileExistsError:
                return
            os.close(fd)
            os._exit(1)


def test_a_killed_worker_loses_and_double_counts_nothing(engine: lexgate.Engine, corpus: Path,
                                                         tmp_path: Path) -> None:
    files = [corpus / "plain.txt", corpus / "more.txt.gz"]
    marker = tmp_path / "killed"
    with distributed.LocalCluster(**cluster_kwargs()) as cluster, \
            distributed.Client(cluster) as c:
        c.register_worker_plugin(KillFirstAttempt(3, str(marker)))
        summary = lexgate.dask.screen(files, engine=engine, client=c, partition_bytes=900,
                                      write_redacted=tmp_path / "redacted")
    assert marker.exists(), "no worker was killed: the test tests nothing"
    out = summary.to_dict()
    assert out["partitions"] > 3 and out["partitions_failed"] == 0, out["failures"]
    assert summary.exit_status == 0
    assert view(out) == cli_view(cli_stats(files))
    shards = sorted((tmp_path / "redacted").iterdir())
    assert [p.name for p in shards] == [f"part-{i:05d}.jsonl" for i in range(out["partitions"])]


class _StaleFuture:
    """A future as as_completed() can hand it out: finished when yielded,
    then pending again because the worker holding its result died, and
    finished once more when Dask has recomputed it."""

    status = "pending"

    def result(self) -> int:
        return 7


class _FailedFuture:
    status = "error"

    def result(self) -> int:
        raise MemoryError("simulated")


class _CancelledFuture:
    status = "cancelled"

    def result(self) -> int:
        raise distributed.CancelledError("lexgate-screen-0-x")


def test_a_partition_outcome_is_read_from_its_result_not_its_status() -> None:
    from lexgate.dask._run import _outcome

    assert _outcome(_StaleFuture()) == (7, None)
    assert _outcome(_FailedFuture()) == (None, "MemoryError: simulated")
    assert _outcome(_CancelledFuture()) == (None, "cancelled before it finished")


def _exit_soon() -> None:
    import threading

    threading.Timer(0.1, os._exit, (1,)).start()


def test_a_result_lost_with_its_worker_is_recomputed_not_failed() -> None:
    # The race a killed worker once lost a finished partition to: the result
    # is done, then the worker holding it dies before the driver reads it.
    from lexgate.dask._run import _outcome

    kwargs = dict(cluster_kwargs(), n_workers=1)
    with distributed.LocalCluster(**kwargs) as cluster, distributed.Client(cluster) as c:
        future = c.submit(int, "7", pure=False)
        distributed.wait(future)
        assert future.status == "finished"
        c.run(_exit_soon)
        deadline = time.monotonic() + 30
        while future.status == "finished" and time.monotonic() < deadline:
            time.sleep(0.01)
        assert future.status != "finished", "the result was not lost: the test tests nothing"
        assert _outcome(future) == (7, None)


def _fail_reads_of_part_one() -> None:
    """Run in every worker: reading partition 1 of a file raises what a
    worker running out of memory on a giant line would."""
    import lexgate.dask._task as task

    original = task.read_lines

    def read_lines(partition: Any, *args: Any, **kwargs: Any) -> Any:
        if partition.part == 1:
            raise MemoryError("simulated: a giant line")
        return original(partition, *args, **kwargs)

    task.read_lines = read_lines


def test_a_failed_line_count_fails_its_partition_not_the_run(engine: lexgate.Engine,
                                                            corpus: Path,
                                                            tmp_path: Path) -> None:
    # With shards to write, a first pass counts the lines of cut partitions;
    # a count that fails must fail that partition (listed in the summary),
    # never raise out of screen() and lose the run.
    with distributed.LocalCluster(**cluster_kwargs()) as cluster, \
            distributed.Client(cluster) as c:
        c.run(_fail_reads_of_part_one)
        summary = lexgate.dask.screen([corpus / "plain.txt"], engine=engine, client=c,
                                      partition_bytes=900, write_redacted=tmp_path / "redacted")
    out = summary.to_dict()
    assert out["partitions"] > 2
    assert out["partitions_failed"] == 1, out["failures"]
    assert "MemoryError" in json.dumps(out["failures"])
    assert summary.exit_status == 2


def run_command(args: List[str], **kwargs: Any) -> subprocess.CompletedProcess:  # type: ignore[type-arg]
    env = dict(os.environ)
    package_parent = str(Path(lexgate.__file__).parent.parent)
    env["PYTHONPATH"] = package_parent + os.pathsep + env.get("PYTHONPATH", "")
    return subprocess.run([sys.executable, "-m", "lexgate.dask", *args], env=env,
                          capture_output=True, text=True, timeout=120, **kwargs)


def test_command_exit_status(client: Any, corpus: Path, tmp_path: Path) -> None:
    scheduler = client.scheduler.address
    good = [str(corpus / "plain.txt"), str(corpus / "more.txt.gz")]
    done = run_command(["--scheduler", scheduler, "--partition-mb", "0.001", "--progress",
                        *good])
    assert done.returncode == 0, done.stderr
    assert "partitions" in done.stderr and "MB/s" in done.stderr  # the progress line
    out = json.loads(done.stdout)
    assert view(out) == cli_view(cli_stats([Path(p) for p in good]))
    # A record error: exit 2, the summary still written, the failures listed.
    summary = tmp_path / "s.json"
    failed = run_command(["--scheduler", scheduler, "--field", FIELD, "--json", str(summary),
                          str(corpus / "chats.jsonl"), str(tmp_path / "missing.jsonl")])
    assert failed.returncode == 2 and failed.stdout == ""
    written = json.loads(summary.read_text(encoding="utf-8"))
    assert written["files_failed"] == 1 and written["errors"] == 6 * 20
    assert "missing.jsonl: no such file or directory" in failed.stderr
    assert f'chats.jsonl:7: missing field "{FIELD}"' in failed.stderr
    bad = run_command(["--scheduler", scheduler, "--field", "/a~2", good[0]])
    assert bad.returncode == 2 and "'~' in a JSON pointer" in bad.stderr
    helped = run_command(["--help"])
    assert helped.returncode == 0 and "--scheduler" in helped.stdout
    assert "dask worker" in helped.stdout
    assert "from 0.001 to 1048576 (1 TiB)" in " ".join(helped.stdout.split())
    # A directory with nothing to screen: exit 2, said so.
    (tmp_path / "empty").mkdir()
    empty = run_command(["--scheduler", scheduler, str(tmp_path / "empty")])
    assert empty.returncode == 2, empty.stderr
    assert "empty: no file to screen in this directory" in empty.stderr
    assert json.loads(empty.stdout)["texts"] == 0


@pytest.mark.parametrize("size", ["inf", "-inf", "nan", "1e999", "1e-300", "0", "-1",
                                  "0.0009", "1048577", "many"])
def test_command_partition_size_is_a_usage_error(size: str) -> None:
    bad = run_command([f"--partition-mb={size}", "--workers", "1", "no-such-file.txt"])
    assert bad.returncode == 2, bad.stderr
    assert "Traceback" not in bad.stderr and bad.stdout == ""
    assert (f"argument --partition-mb: must be a number of MiB from 0.001 to 1048576 (1 TiB),"
            f" not '{size}'") in bad.stderr


def test_command_writes_any_file_name_and_reports_a_summary_it_cannot_write(
        client: Any, tmp_path: Path) -> None:
    scheduler = client.scheduler.address
    corpus = tmp_path / "names"
    corpus.mkdir()
    name = os.fsdecode(os.path.join(os.fsencode(corpus), b"n\xffm.txt"))
    Path(name).write_text("fuck 3\n", encoding="utf-8")
    summary = tmp_path / "s.json"
    done = run_command(["--scheduler", scheduler, "--json", str(summary), str(corpus)])
    assert done.returncode == 0, done.stderr
    written = json.loads(summary.read_bytes().decode("utf-8"))  # UTF-8, as the report reads it
    assert written["matches"] == 1
    assert [f["file"] for f in written["files"]] == [str(corpus / "n\ufffdm.txt")]
    lost = run_command(["--scheduler", scheduler, "--json", str(tmp_path / "no" / "s.json"),
                        str(corpus)])
    assert lost.returncode == 2
    assert "cannot write the summary" in lost.stderr and "Traceback" not in lost.stderr


def test_relative_paths_name_the_driver_s_files(client: Any, engine: lexgate.Engine,
                                                 tmp_path: Path,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    # The workers were started in another directory: a relative path must
    # still open the file the driver planned (once it named another file
    # there, or none).
    (tmp_path / "rel.txt").write_text("fuck you 13812345678\nhello\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    summary = lexgate.dask.screen(["rel.txt"], engine=engine, client=client,
                                  partition_bytes=8, jsonl=False)
    out = summary.to_dict()
    assert out["failures"] == [] and out["partitions"] > 1
    assert out["texts"] == 2 and out["matches"] == 2
    assert [f["file"] for f in out["files"]] == ["rel.txt"]  # as given
