"""``GuardedBackend``: privacy, redaction, budget, response cache and cost around any R1 backend.

Order for every request, all before a byte leaves the machine:
1. privacy — ``local-only`` refuses a non-loopback endpoint (PrivacyError);
2. redaction — e-mails, phone numbers and roster names become placeholders for remote providers;
3. cache — a recorded answer to the same (redacted) request is replayed, with a "from cache" notice (not for
   hints: the caller screens them, and a rejected hint must not come back);
4. budget — the estimated cost must fit in what is left (BudgetExceeded).
Then the inner backend streams; placeholders are restored in the reply, ``Usage.cost_usd`` is filled from the price
table, the session ledger is charged, and a complete answer is recorded in the cache.
"""

from __future__ import annotations

import asyncio
import re
import time
from collections.abc import AsyncIterator, Iterator
from typing import Any

from ..backend import AskRequest, Backend
from ..errors import ConfigError, StreamInterrupted, TutorError
from ..events import Answer, Done, Event, Notice, Reasoning, Usage
from .cache import ResponseCache, cache_key
from .cost import Ledger, LedgerEntry, PriceTable, estimate_tokens, load_price_table, session_ledger
from .privacy import Redactor, check_privacy, is_remote, redact_request, redaction_enabled, roster_names

__all__ = ["GuardedBackend", "CACHE_NOTICE_PREFIX", "EXPECTED_COMPLETION_TOKENS"]

CACHE_NOTICE_PREFIX = "from cache"
# R1 thinks at length: budget checks assume this many completion tokens unless the request sets max_tokens.
EXPECTED_COMPLETION_TOKENS = 4000
_PROMPT_OVERHEAD_TOKENS = 60  # the instruction text prompts.py adds around the problem
_HOLD_RE = re.compile(r"\[[A-Z]{0,5}_?\d{0,4}")  # a placeholder that may continue in the next chunk


class _Restorer:
    """Puts placeholders back into streamed text, holding back a tail that may be a split ``[NAME_1]``."""

    def __init__(self, redactor: Redactor) -> None:
        self._redactor = redactor
        self._pending = ""

    def feed(self, text: str) -> str:
        if not self._redactor.mapping:
            return text
        text = self._pending + text
        self._pending = ""
        cut = text.rfind("[")
        if cut != -1 and len(text) - cut <= 12 and _HOLD_RE.fullmatch(text, cut):
            text, self._pending = text[:cut], text[cut:]
        return self._redactor.restore(text)

    def flush(self) -> str:
        text, self._pending = self._pending, ""
        return self._redactor.restore(text)


def _settings_flag(settings: Any, name: str, default: bool) -> bool:
    value = getattr(settings, name, None) if settings is not None else None
    return default if value is None else bool(value)


class _Run:
    """The state of one guarded request (sans I/O, shared by ``stream`` and ``astream``)."""

    def __init__(self, guard: GuardedBackend, request: AskRequest, *, resolve: bool = True) -> None:
        self.guard = guard
        inner = guard.inner
        check_privacy(inner, guard.settings)  # 1. nothing is sent when this refuses
        if resolve:
            guard.resolve_model()  # the cache key needs the model a "first model served" host resolves to
        self.remote = is_remote(inner)
        self.redactor = Redactor(names=guard.roster_names())
        if self.remote and redaction_enabled(guard.settings, inner):
            request = redact_request(request, self.redactor)  # 2.
        self.request = request
        self.provider, self.model, self.host = guard.provider, guard.model, guard.host
        self.price = guard.prices.price_for(self.provider, self.model, local=not self.remote)
        self.cached: tuple[list[Event], float] | None = None
        # Hints are screened by the caller (the hint ladder rejects one that gives the answer away); a cached hint
        # would be replayed — and rejected and re-asked — every time, so hints are neither served nor recorded.
        self.cacheable = request.mode != "hint"
        cache = guard.cache if self.cacheable else None
        if cache is not None and not request.no_cache:
            self.cached = cache.get(cache_key(self.provider, self.model, self.host, request))  # 3.
        self.reserved = 0.0
        if self.cached is None:
            self.prompt_tokens = _PROMPT_OVERHEAD_TOKENS + sum(
                estimate_tokens(t)
                for t in (request.problem, request.student_answer or "", request.context or "")
            ) + sum(estimate_tokens(c) for _, c in request.history)
            completion = request.max_tokens or EXPECTED_COMPLETION_TOKENS
            estimate = (self.prompt_tokens * self.price.input + completion * self.price.output) / 1_000_000
            self.reserved = guard.ledger.reserve(estimate, guard.settings, what=f"this {self.provider} request")  # 4.
        self.recorded: list[Event] = []
        self.usage_seen = False
        self.out_chars = 0
        self._reasoning = _Restorer(self.redactor)
        self._answer = _Restorer(self.redactor)
        self._closed = False

    # --- replay ---------------------------------------------------------------------------------------------
    def replay(self) -> Iterator[Event]:
        assert self.cached is not None
        events, created = self.cached
        when = time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime(created))
        yield Notice(
            f"{CACHE_NOTICE_PREFIX}: answered by {self.provider} · {self.model} at {when}; "
            "ask with --no-cache for a fresh answer"
        )
        for event in events:
            if isinstance(event, Reasoning):
                yield Reasoning(self.redactor.restore(event.text))
            elif isinstance(event, Answer):
                yield Answer(self.redactor.restore(event.text))
            elif isinstance(event, Usage):
                self.guard.ledger.record(
                    LedgerEntry(self.provider, self.model, event.prompt_tokens, event.completion_tokens,
                                event.reasoning_tokens, 0.0, cached=True)
                )
                self.usage_seen = True
                yield Usage(event.prompt_tokens, event.completion_tokens, event.reasoning_tokens,
                            event.cache_hit_tokens, event.cache_miss_tokens, cost_usd=0.0)
            elif isinstance(event, Done):
                if not self.usage_seen:
                    self.guard.ledger.record(LedgerEntry(self.provider, self.model, 0, 0, 0, 0.0, cached=True))
                extra = dict(event.extra)
                extra.update(cached=True, cached_at=created)
                yield Done(event.finish_reason, event.complete, event.reason, 0.0, extra)

    # --- live -----------------------------------------------------------------------------------------------
    def feed(self, event: Event) -> list[Event]:
        if isinstance(event, Reasoning):
            self.recorded.append(event)
            self.out_chars += len(event.text)
            text = self._reasoning.feed(event.text)
            return [Reasoning(text)] if text else []
        if isinstance(event, Answer):
            self.recorded.append(event)
            self.out_chars += len(event.text)
            out: list[Event] = []
            tail = self._reasoning.flush()
            if tail:
                out.append(Reasoning(tail))
            text = self._answer.feed(event.text)
            if text:
                out.append(Answer(text))
            return out
        if isinstance(event, Usage):
            self._refresh_model()
            cost = round(self.price.cost(event), 8)
            usage = Usage(event.prompt_tokens, event.completion_tokens, event.reasoning_tokens,
                          event.cache_hit_tokens, event.cache_miss_tokens, cost_usd=cost)
            self.recorded.append(usage)
            if not self.usage_seen:
                self.usage_seen = True
                self.guard.ledger.record(
                    LedgerEntry(self.provider, self.model, event.prompt_tokens, event.completion_tokens,
                                event.reasoning_tokens, cost)
                )
            return [usage]
        if isinstance(event, Done):
            out = self.flush()
            self._charge_estimate()
            self.recorded.append(event)
            if event.complete and self.cacheable and self.guard.cache is not None:
                # A host may name its model only on first use: store under the name it has now.
                self._refresh_model()
                key = cache_key(self.provider, self.model, self.host, self.request)
                self.guard.cache.put(key, self.recorded, provider=self.provider, model=self.model, host=self.host)
            self.close()
            return [*out, event]
        return [event]  # Notice: shown, never cached (a retry notice is about that moment only)

    def _refresh_model(self) -> None:
        if not self.model and self.guard.model:
            self.model = self.guard.model
            self.price = self.guard.prices.price_for(self.provider, self.model, local=not self.remote)

    def flush(self) -> list[Event]:
        out: list[Event] = []
        tail = self._reasoning.flush()
        if tail:
            out.append(Reasoning(tail))
        tail = self._answer.flush()
        if tail:
            out.append(Answer(tail))
        return out

    def _charge_estimate(self) -> None:
        """The host sent no usage: charge an estimate from the text lengths, so the budget still holds."""
        if self.usage_seen:
            return
        self.usage_seen = True
        completion = estimate_tokens("x" * self.out_chars) if self.out_chars else 0
        prompt = self.prompt_tokens if self.out_chars else 0
        usage = Usage(prompt_tokens=prompt, completion_tokens=completion)
        self.guard.ledger.record(
            LedgerEntry(self.provider, self.model, prompt, completion, 0, round(self.price.cost(usage), 8),
                        estimated=True)
        )

    def fail(self, err: TutorError) -> list[Event]:
        """An error after chunks arrived: keep the held-back text and restore placeholders in the partial."""
        if isinstance(err, StreamInterrupted):
            err.reasoning = self.redactor.restore(err.reasoning)
            err.answer = self.redactor.restore(err.answer)
        if self.out_chars:
            self._charge_estimate()
        return self.flush()

    def close(self) -> None:
        if not self._closed:
            self._closed = True
            self.guard.ledger.release(self.reserved)


class GuardedBackend:
    """A Backend around another Backend (same provenance), applying the trust policy to every request.

    ``ledger`` defaults to the session ledger; ``cache`` defaults to the user's response cache when caching is on
    (``settings.cache``, default on) — pass ``cache=False`` to disable it, or a ``ResponseCache`` to use another file.
    ``prices`` defaults to the built-in price table (overridable by a price file, see ``tutor.trust.cost``).
    """

    def __init__(
        self,
        inner: Backend,
        settings: Any = None,
        *,
        ledger: Ledger | None = None,
        cache: ResponseCache | bool | None = None,
        prices: PriceTable | None = None,
        roster: frozenset[str] | set[str] | None = None,
    ) -> None:
        self.inner = inner
        self.settings = settings
        self.ledger = ledger if ledger is not None else session_ledger()
        if cache is None:
            cache = _settings_flag(settings, "cache", True)
        self.cache: ResponseCache | None = (
            ResponseCache() if cache is True else cache if isinstance(cache, ResponseCache) else None
        )
        self.prices = prices if prices is not None else load_price_table()
        self._roster = frozenset(roster) if roster is not None else None
        self._cache_state = (0, False) if self.cache is None else (self.cache.rebuilt, bool(self.cache.disabled_reason))

    # provenance is the inner backend's, read live (a host may only name its model after the first request)
    @property
    def provider(self) -> str:
        return str(getattr(self.inner, "provider", ""))

    @property
    def model(self) -> str:
        return str(getattr(self.inner, "model", "") or "")

    @property
    def host(self) -> str:
        return str(getattr(self.inner, "host", ""))

    @property
    def base_url(self) -> str:
        return str(getattr(self.inner, "base_url", "") or "")

    def __getattr__(self, name: str) -> Any:
        # Anything else (api_key_env, selected_by, profile, close, list_models …) is the inner backend's, so a
        # surface showing status or closing the client sees through the guard.
        if name.startswith("_") or name == "inner":
            raise AttributeError(name)
        return getattr(self.inner, name)

    def resolve_model(self) -> str:
        """Ask the inner backend for the model it will use (R1Backend lists the host's models once when none is
        set), so that the cache key names the real model — otherwise a "first model served" host would be keyed
        on '' before the first request and on its model after, and the cache would never hit."""
        resolve = getattr(self.inner, "resolve_model", None)
        if callable(resolve) and self.cache is not None:
            resolve()
        return self.model

    def roster_names(self) -> frozenset[str]:
        return self._roster if self._roster is not None else roster_names()

    def __repr__(self) -> str:
        return f"GuardedBackend({self.provider!r}, model={self.model!r}, host={self.host!r})"

    def _cache_notice(self) -> Notice | None:
        """Say once per backend that the cache file was damaged (set aside, rebuilt) or cannot be used at all."""
        cache = self.cache
        if cache is None:
            return None
        state = (cache.rebuilt, bool(cache.disabled_reason))
        if state == self._cache_state:
            return None
        self._cache_state = state
        if cache.disabled_reason:
            return Notice(f"response cache off: {cache.disabled_reason}")
        return Notice(f"the response cache at {cache.path} was damaged; it was set aside and rebuilt")

    def stream(self, request: AskRequest) -> Iterator[Event]:
        run = _Run(self, request)
        notice = self._cache_notice()
        if notice is not None:
            yield notice
        if run.cached is not None:
            yield from run.replay()
            return
        try:
            for event in self.inner.stream(run.request):
                yield from run.feed(event)
        except TutorError as err:
            yield from run.fail(err)
            raise
        finally:
            run.close()

    async def astream(self, request: AskRequest, *, http: Any = None) -> AsyncIterator[Event]:
        """The async form (batch work): the inner backend's ``astream``, on the shared ``http`` client if given."""
        astream = getattr(self.inner, "astream", None)
        if astream is None:
            raise ConfigError(f"{self.provider or 'this backend'} has no async client, so it cannot run a batch")
        check_privacy(self.inner, self.settings)  # before the model listing below sends anything
        if not self.model or getattr(self.inner, "_check_default", False):
            await asyncio.to_thread(self.resolve_model)  # a tiny request; kept off the event loop
        run = _Run(self, request, resolve=False)
        notice = self._cache_notice()
        if notice is not None:
            yield notice
        if run.cached is not None:
            for event in run.replay():
                yield event
            return
        events = astream(run.request) if http is None else astream(run.request, http=http)
        try:
            async for event in events:
                for out in run.feed(event):
                    yield out
        except TutorError as err:
            for out in run.fail(err):
                yield out
            raise
        finally:
            run.close()
