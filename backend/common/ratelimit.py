"""Atomic fixed-window rate limits in Redis (INCR + EXPIRE in one Lua call), keyed by anything:
client IP, dossier code, citizen. Concurrent requests can never exceed the limit; in the embedded
mode without Redis, Django's local cache (atomic `incr` within the process) does the same job."""

from __future__ import annotations

import logging
import os
from collections import deque
from dataclasses import dataclass
from typing import Any

import redis
from django.core.cache import cache
from redis.commands.core import Script
from redis.exceptions import NoScriptError

from common.crypto import keyed_hash
from common.dates import locked_message
from common.errors import THROTTLED, ApplicationError, ErrorCode
from common.process_cache import process_cache
from common.redis_client import shared_redis

logger = logging.getLogger(__name__)

_COUNT = """
local n = redis.call('INCR', KEYS[1])
if n == 1 then redis.call('EXPIRE', KEYS[1], ARGV[1]) end
return {n, redis.call('TTL', KEYS[1])}
"""


@dataclass(frozen=True)
class Limit:
    name: str
    count: int
    window_seconds: int


def _key(limit: Limit, key: str) -> str:
    # Never raw IPs, device ids or codes as keys, and not a plain hash either: every IPv4 address hashed takes
    # minutes, and a counter of the submit limit would then name the sender of a report by its time (its TTL).
    # Keyed with PII_HASH_KEY, a key found in Redis leads nowhere without the app's secret.
    digest = keyed_hash(f"ratelimit:{key}")[:32]
    return f"pz:rl:{limit.name}:{digest}"


def hit(limit: Limit, key: str) -> tuple[bool, int]:
    """Count one attempt; return (allowed, seconds until the window resets)."""
    redis_key = _key(limit, key)
    client = shared_redis()
    if client is None:
        cache.add(redis_key, 0, timeout=limit.window_seconds)
        try:
            count = cache.incr(redis_key)
        except ValueError:
            cache.set(redis_key, 1, timeout=limit.window_seconds)
            count = 1
        return count <= limit.count, limit.window_seconds
    count, ttl = _run(client, _COUNT, [redis_key], [limit.window_seconds])
    return int(count) <= limit.count, max(int(ttl), 1)


# ARGV: give the last count back ('1'), KEYS[1] is a veto key ('1'), then each limit's window and count.
_COUNT_CHAIN = """
local first = 1
if ARGV[2] == '1' then
  if redis.call('EXISTS', KEYS[1]) == 1 then return {-1, 0} end
  first = 2
end
for i = first, #KEYS do
  local j = i - first + 1
  local n = redis.call('INCR', KEYS[i])
  if n == 1 then redis.call('EXPIRE', KEYS[i], ARGV[2 * j + 1]) end
  if n > tonumber(ARGV[2 * j + 2]) then return {j, redis.call('TTL', KEYS[i])} end
end
if ARGV[1] == '1' then
  local last = KEYS[#KEYS]
  if tonumber(redis.call('GET', last) or '0') > 0 then redis.call('DECR', last) end
end
return {0, 0}
"""
_scripts: dict[tuple[int, str], Script] = process_cache("common.redis_scripts")


def _script(client: redis.Redis, source: str) -> Script:
    """EVALSHA (loaded once, reloaded by redis-py if the server forgot it) rather than sending the body."""
    key = (id(client), source)
    script = _scripts.get(key)
    if script is None:
        script = _scripts[key] = client.register_script(source)
    return script


# Per client pool, the connections our scripts run on, idle between calls: one is popped for a call and pushed back
# after it. redis-py 8's pool does more on every checkout and return than the call itself costs (its lock, a process
# check, an event and four metric updates around its readiness check); these connections are the pool's own kind,
# made by the pool (its settings, Sentinel's primary lookup), checked the same way, and simply not handed back to it.
_idle: dict[int, tuple[Any, deque[Any]]] = process_cache("common.redis_script_connections")
# A forked child never uses its parent's sockets (gunicorn and Celery fork; forget_all also empties this).
os.register_at_fork(after_in_child=_idle.clear)


def _checkout(pool: Any) -> tuple[deque[Any], Any]:
    entry = _idle.get(id(pool))
    if entry is None or entry[0] is not pool:
        entry = _idle[id(pool)] = (pool, deque())
    idle = entry[1]
    try:
        connection = idle.pop()
    except IndexError:
        return idle, pool.make_connection()
    # What the pool checks before handing a connection out: a socket with something to read holds a reply nobody
    # read, or the server closed it (idle timeout, restart, CLIENT KILL); either way, a new socket.
    try:
        if connection.can_read():
            connection.disconnect()
    except (redis.ConnectionError, redis.TimeoutError, OSError):
        connection.disconnect()
    return idle, connection


def _run(client: redis.Redis, source: str, keys: list[str], args: list[Any]) -> Any:
    """The script's EVALSHA on a connection of our own for the client's pool (`_idle`), retried by the connection's
    own policy, the script loaded again if the server forgot it: what calling the redis-py Script does, at a fraction
    of its CPU (a rate-limit check is on the hottest paths). An error reply leaves the connection in step; any other
    way out of a call (a connection error, a timeout, an interruption) drops the socket, so a half-read reply can never
    answer the next call: the connection connects again when next used."""
    script = _script(client, source)
    idle, connection = _checkout(client.connection_pool)

    def call() -> Any:
        connection.send_command("EVALSHA", script.sha, len(keys), *keys, *args)
        return connection.read_response()

    try:
        try:
            return connection.retry.call_with_retry(call, lambda error: connection.disconnect())
        except NoScriptError:  # a restarted or other server (failover): load it there, once
            script.sha = client.script_load(script.script)
            return connection.retry.call_with_retry(call, lambda error: connection.disconnect())
    except redis.ResponseError:
        raise  # read whole: the connection is in step
    except BaseException:
        connection.disconnect()
        raise
    finally:
        idle.append(connection)


class Vetoed(Exception):
    """The veto key of `hit_chain` exists: nothing was counted."""


def hit_chain(
    checks: list[tuple[Limit, str]], *, give_back_last: bool = False, veto_key: str | None = None
) -> tuple[Limit | None, int]:
    """Count one attempt against several limits in order, in one round trip; stop at the first exceeded.

    Returns (the limit that refused, seconds until it resets) or (None, 0). Limits after the refusing
    one are not counted, exactly as if each were checked in turn.

    `give_back_last`: the attempt turned out right (a code and its secret matched), so when no limit
    refused it, the last limit (the per-code count of wrong guesses) is given back in the same call.
    Counting and deciding are one atomic step, so however many guesses run at once, no more than the
    limit are ever let through, right or wrong.

    `veto_key`: a raw key of the cache role's Redis (a revoked sign-in: citizens/tokens.revoked_family_key) whose
    existence refuses the attempt before anything is counted, checked in the same call; raises Vetoed. Needs Redis.
    """
    client = shared_redis()
    if client is None and veto_key is not None:
        raise ValueError("a veto key needs Redis")
    if client is None:
        for limit, key in checks:
            allowed, retry_after = hit(limit, key)
            if not allowed:
                return limit, retry_after
        if give_back_last and checks:
            refund(*checks[-1])
        return None, 0
    keys = [_key(limit, key) for limit, key in checks]
    if veto_key is not None:
        keys.insert(0, veto_key)
    argv = ["1" if give_back_last else "0", "0" if veto_key is None else "1"]
    argv += [value for limit, _ in checks for value in (limit.window_seconds, limit.count)]  # type: ignore[misc]
    try:
        index, ttl = _run(client, _COUNT_CHAIN, keys, argv)
    except redis.RedisError as exc:  # callers refuse (fail closed); the operator needs to know why
        logger.warning("rate limit check failed (%s): %s", ", ".join(limit.name for limit, _ in checks), exc)
        raise
    if int(index) == -1:
        raise Vetoed(veto_key)
    if int(index) == 0:
        return None, 0
    return checks[int(index) - 1][0], max(int(ttl), 1)


_REFUND = """
if redis.call('EXISTS', KEYS[1]) == 1 then return redis.call('DECR', KEYS[1]) end
return 0
"""


def refund(limit: Limit, key: str) -> None:
    """Give back one counted attempt (e.g. a lookup that turned out right), never below zero."""
    redis_key = _key(limit, key)
    client = shared_redis()
    if client is None:
        try:
            if cache.decr(redis_key) < 0:
                cache.set(redis_key, 0, timeout=limit.window_seconds)
        except ValueError:
            pass
        return
    _run(client, _REFUND, [redis_key], [])


def enforce(limit: Limit, key: str) -> None:
    """Raise the standard 429 when the limit is used up. Redis down: fail closed for abuse-prone writes."""
    try:
        allowed, retry_after = hit(limit, key)
    except redis.RedisError as exc:
        raise ApplicationError(THROTTLED, message="Hệ thống tạm thời bận. Vui lòng thử lại sau ít phút.") from exc
    if not allowed:
        raise ApplicationError(THROTTLED, headers={"Retry-After": str(retry_after)})


_BUCKET = """
local want = tonumber(ARGV[6])
local left = tonumber(ARGV[4]) - tonumber(redis.call('GET', KEYS[2]) or '0')
if left <= 0 then return {0, 2, 0} end
local rate, capacity, now = tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3])
local state = redis.call('HMGET', KEYS[1], 'tokens', 'ts')
local tokens = tonumber(state[1]) or capacity
local ts = tonumber(state[2]) or now
tokens = math.min(capacity, tokens + math.max(0, now - ts) * rate / 1000)
local take = math.min(want, math.floor(tokens), left)
tokens = tokens - take
redis.call('HSET', KEYS[1], 'tokens', tostring(tokens), 'ts', tostring(now))
redis.call('PEXPIRE', KEYS[1], 60000)
if take > 0 then
  redis.call('INCRBY', KEYS[2], take)
  redis.call('EXPIRE', KEYS[2], ARGV[5])
end
if take == want then return {take, 0, 0} end
if take == left then return {take, 2, 0} end
return {take, 1, math.ceil((1 - tokens) * 1000 / rate)}
"""
_VERDICTS = {0: "ok", 1: "wait", 2: "quota"}


def bucket_take_many(name: str, count: int, *, per_second: float, daily_quota: int, day: str) -> tuple[int, str, int]:
    """Take up to `count` tokens from a per-second bucket and as many units of a daily quota, atomically, in one
    round trip (a batch of messages asks once, not once per message).

    Returns (tokens taken, what stopped the rest, milliseconds until the next token): (count, "ok", 0) when all
    were taken, (n, "wait", ms) when the bucket ran dry after n, (n, "quota", 0) when the day's quota did. The
    bucket holds at most max(1, per_second) tokens, so a batch never goes faster than a second's worth at once.
    Without Redis (embedded mode) everything is allowed.
    """
    client = shared_redis()
    if client is None:
        return count, "ok", 0
    import time

    taken, verdict, wait_ms = _run(
        client,
        _BUCKET,
        [f"pz:bucket:{name}", f"pz:daily:{name}:{day}"],
        [per_second, max(1.0, per_second), int(time.time() * 1000), daily_quota, 2 * 86400, count],
    )
    return int(taken), _VERDICTS[int(verdict)], int(wait_ms)


def bucket_take(name: str, *, per_second: float, daily_quota: int, day: str) -> tuple[str, int]:
    """One token (`bucket_take_many` of one): ("ok", 0), ("wait", milliseconds until a token is there) or
    ("quota", 0) when the day's quota is used."""
    taken, verdict, wait_ms = bucket_take_many(name, 1, per_second=per_second, daily_quota=daily_quota, day=day)
    return ("ok", 0) if taken else (verdict, wait_ms)


def hit_chain_or_refuse(
    checks: list[tuple[Limit, str]], *, give_back_last: bool, locked: ErrorCode, veto_key: str | None = None
) -> None:
    """`hit_chain` for a code guarded against guessing (a dossier lookup, a report's tracking): the last check is the
    code's own limit. Over it, `locked` says for how long the code stays locked; over another limit, THROTTLED with
    Retry-After; Redis unreachable, THROTTLED saying the system is busy (nothing is revealed either way). Vetoed
    passes through (`veto_key`: see hit_chain)."""
    try:
        refused, retry_after = hit_chain(checks, give_back_last=give_back_last, veto_key=veto_key)
    except redis.RedisError as exc:
        raise ApplicationError(THROTTLED, message="Hệ thống tạm thời bận. Vui lòng thử lại sau ít phút.") from exc
    if refused is not None and refused is checks[-1][0]:
        raise ApplicationError(  # says for how long (the remaining lock time), not just "later"
            locked,
            message=locked_message(locked.message.removesuffix(" Vui lòng thử lại sau."), retry_after),
            headers={"Retry-After": str(retry_after)},
        )
    if refused is not None:
        raise ApplicationError(THROTTLED, headers={"Retry-After": str(retry_after)})
