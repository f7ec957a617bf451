"""Price table, ledger/budget and the SQLite response cache (including a corrupt file)."""

from __future__ import annotations

import sqlite3
import threading
from pathlib import Path

import pytest

from tutor.backend import AskRequest
from tutor.errors import BudgetExceeded, ConfigError
from tutor.events import Answer, Done, Reasoning, Usage
from tutor.trust.cache import CACHE_FILENAME, ResponseCache, cache_key, default_cache_dir
from tutor.trust.cost import Ledger, LedgerEntry, Price, load_price_table


def test_price_cost_with_and_without_prompt_cache_split() -> None:
    p = Price(input=0.55, output=2.19, cached_input=0.14)
    plain = Usage(prompt_tokens=1_000_000, completion_tokens=1_000_000, reasoning_tokens=900_000)
    assert p.cost(plain) == pytest.approx(0.55 + 2.19)  # reasoning is inside completion, not added twice
    split = Usage(prompt_tokens=1_000_000, completion_tokens=0, cache_hit_tokens=500_000, cache_miss_tokens=500_000)
    assert p.cost(split) == pytest.approx(0.5 * 0.14 + 0.5 * 0.55)


def test_price_table_defaults_local_free_and_file_override(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    table = load_price_table()
    u = Usage(prompt_tokens=1000, completion_tokens=1000)
    assert table.cost(u, "ollama", "deepseek-r1:7b", local=True) == 0.0
    assert table.cost(u, "openai-compatible", "x", local=True) == 0.0
    assert table.cost(u, "openai-compatible", "x", local=False) > 0  # unknown remote: default R1 price
    assert table.cost(u, "deepseek", "") > 0
    prices = tmp_path / "prices.toml"
    prices.write_text('[openrouter]\ninput = 1.0\noutput = 10.0\n\n["openrouter:cheap/r1"]\ninput = 0\noutput = 1\n')
    monkeypatch.setenv("TUTOR_PRICES_FILE", str(prices))
    table = load_price_table()
    assert table.cost(Usage(prompt_tokens=1_000_000), "openrouter", "deepseek/deepseek-r1") == pytest.approx(1.0)
    assert table.cost(Usage(completion_tokens=1_000_000), "openrouter", "cheap/r1") == pytest.approx(1.0)
    prices.write_text("[openrouter]\ninput = 'lots'\n")
    with pytest.raises(ConfigError, match="must be numbers"):
        load_price_table()
    prices.write_text("[openrouter]\nimput = 1\n")
    with pytest.raises(ConfigError, match="unknown key"):
        load_price_table()


def test_ledger_budget_refuses_before_and_reserves_for_concurrency(monkeypatch: pytest.MonkeyPatch) -> None:
    ledger = Ledger()
    assert ledger.budget() is None
    monkeypatch.setenv("TUTOR_BUDGET_USD", "0.10")
    assert ledger.budget() == pytest.approx(0.10)
    held = ledger.reserve(0.06)
    with pytest.raises(BudgetExceeded) as info:
        ledger.reserve(0.06)  # 0.06 is already held by an in-flight request
    assert "nothing was sent" in str(info.value) and "%tutor budget" in str(info.value)
    ledger.release(held)
    ledger.record(LedgerEntry("deepseek", "r1", 10, 10, 5, 0.05))
    ledger.reserve(0.04)
    ledger.set_budget(1.0)  # %tutor budget beats the environment
    assert ledger.budget() == 1.0
    ledger.set_budget(None)
    assert ledger.budget() is None
    ledger.clear_budget_override()
    assert ledger.budget() == pytest.approx(0.10)
    with pytest.raises(ConfigError):
        ledger.set_budget(-1)
    t = ledger.totals()
    assert t["requests"] == 1 and t["reasoning_tokens"] == 5 and t["cost_usd"] == pytest.approx(0.05)


def _events() -> list:
    return [Reasoning("think "), Reasoning("more"), Answer("x = \\boxed{2}"),
            Usage(10, 20, 15, cost_usd=0.001), Done("stop", True, "", 1.5, {"note": "n"})]


def test_cache_roundtrip_in_user_cache_dir_with_wal() -> None:
    cache = ResponseCache()
    assert cache.path == default_cache_dir() / CACHE_FILENAME
    assert "xdg-cache" in str(cache.path)  # the fixture's tmp XDG_CACHE_HOME, never the real one
    key = cache_key("deepseek", "r1", "api.deepseek.com", AskRequest("2+2"))
    assert cache.get(key) is None
    cache.put(key, _events(), provider="deepseek", model="r1", host="api.deepseek.com")
    got = cache.get(key)
    assert got is not None and got[0] == _events()
    assert len(cache) == 1
    with sqlite3.connect(cache.path) as conn:
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_cache_key_covers_provider_model_host_prompt_and_parameters() -> None:
    base = cache_key("p", "m", "h", AskRequest("2+2"))
    assert base == cache_key("p", "m", "h", AskRequest("2+2", no_cache=True))  # no_cache is not part of the question
    others = [
        cache_key("q", "m", "h", AskRequest("2+2")), cache_key("p", "n", "h", AskRequest("2+2")),
        cache_key("p", "m", "g", AskRequest("2+2")), cache_key("p", "m", "h", AskRequest("2+3")),
        cache_key("p", "m", "h", AskRequest("2+2", temperature=0.5)),
        cache_key("p", "m", "h", AskRequest("2+2", mode="hint")),
        cache_key("p", "m", "h", AskRequest("2+2", lang="de")),
        cache_key("p", "m", "h", AskRequest("2+2", max_tokens=100)),
    ]
    assert len({base, *others}) == len(others) + 1


@pytest.mark.parametrize("damage", ["garbage", "truncated", "bad-row"])
def test_corrupt_cache_is_rebuilt_never_a_crash(damage: str) -> None:
    cache = ResponseCache()
    key = cache_key("p", "m", "h", AskRequest("q"))
    for i in range(40):  # enough pages that a truncation cuts into the table
        cache.put(f"{key}-{i}", _events())
    cache.put(key, _events())
    if damage == "garbage":
        for suffix in ("-wal", "-shm"):
            Path(str(cache.path) + suffix).unlink(missing_ok=True)
        cache.path.write_bytes(b"this is not a database\x00" * 500)
    elif damage == "truncated":
        data = cache.path.read_bytes()
        cache.path.write_bytes(data[: len(data) // 3] + b"\xff" * 100)
    else:
        with sqlite3.connect(cache.path) as conn:
            conn.execute("UPDATE responses SET events = '{not json'")
    fresh = ResponseCache()  # a new process opening the damaged file
    assert fresh.get(key) is None
    fresh.put(key, _events())
    got = fresh.get(key)
    assert got is not None and got[0] == _events()
    assert fresh.rebuilt == 1 and not fresh.disabled_reason
    assert list(cache.path.parent.glob(CACHE_FILENAME + ".corrupt-*"))  # set aside for inspection, not deleted


def test_unusable_cache_dir_disables_quietly(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")
    cache = ResponseCache(blocker / "sub" / CACHE_FILENAME)  # parent is a file: cannot create
    cache.put("k", _events())
    assert cache.get("k") is None and cache.disabled_reason


def test_cache_threads_share_one_file() -> None:
    cache = ResponseCache()
    errors: list[BaseException] = []

    def work(i: int) -> None:
        try:
            for j in range(10):
                cache.put(f"k{i}-{j}", _events())
                assert cache.get(f"k{i}-{j}") is not None
        except BaseException as exc:  # noqa: BLE001 - collected and asserted below
            errors.append(exc)

    threads = [threading.Thread(target=work, args=(i,)) for i in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors and len(cache) == 60
