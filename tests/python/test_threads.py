"""One engine shared by many threads; the GIL is released while scanning."""

from __future__ import annotations

import random
import threading
import time
from concurrent.futures import ThreadPoolExecutor

import lexgate

TEXTS = [
    "您的快递员电话是13812345678，预计下午三点送达。",
    "What the ＦＵＣＫ is wrong with this printer? 😀",
    "你是SB吗？这都不会。 f.u.c.k",
    "Your card 4111 1111 1111 1111 has been charged.",
    "The assassin in the novel was never caught.",
    "地铁口交易的二手书很便宜。",
    "身份证号11010519491231002X \ud800",
    "card 4111 1111 1111 1111".encode(),
]


def test_threads_sharing_one_engine(default_engine: lexgate.Engine) -> None:
    expected = {i: (default_engine.scan(t), default_engine.redact(t)) for i, t in enumerate(TEXTS)}
    errors = []

    def worker(seed: int) -> None:
        rng = random.Random(seed)
        try:
            for _ in range(300):
                i = rng.randrange(len(TEXTS))
                result = default_engine.scan(TEXTS[i])
                if (result, default_engine.redact(TEXTS[i], result)) != expected[i]:
                    errors.append((seed, i, result))
        except Exception as error:  # pragma: no cover - reported below
            errors.append((seed, error))

    threads = [threading.Thread(target=worker, args=(seed,)) for seed in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []


def test_scan_many_from_several_threads(default_engine: lexgate.Engine) -> None:
    batch = TEXTS * 2000  # large enough to be split over threads
    expected = [default_engine.scan(t) for t in TEXTS] * 2000
    with ThreadPoolExecutor(max_workers=3) as pool:
        results = list(pool.map(default_engine.scan_many, [batch] * 3))
    for got in results:
        assert got == expected


def test_compile_in_threads() -> None:
    def build(i: int) -> lexgate.Engine:
        return lexgate.RuleSet().add_keywords(f"kw{i}", [f"word{i}"], category="profanity").compile()

    with ThreadPoolExecutor(max_workers=4) as pool:
        engines = list(pool.map(build, range(8)))
    for i, engine in enumerate(engines):
        assert [m.rule for m in engine.scan(f"a word{i} here")] == [f"kw{i}"]


def test_scan_releases_the_gil(default_engine: lexgate.Engine) -> None:
    # While one thread scans a large text, this thread keeps running Python
    # code: with the GIL held it could not take a single step.
    text = "今天北京晴，最高气温26度，适合户外活动。fuck 13812345678 " * 200_000
    done = threading.Event()
    started = threading.Event()

    def scan() -> None:
        started.set()
        default_engine.scan(text)
        done.set()

    thread = threading.Thread(target=scan)
    thread.start()
    started.wait()
    time.sleep(0.001)
    steps = 0
    while not done.is_set():
        steps += 1
    thread.join()
    assert steps > 1000, f"the main thread ran only {steps} steps during the scan"
