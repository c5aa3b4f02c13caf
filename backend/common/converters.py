from __future__ import annotations


class IdConverter:
    """Integer ids that fit a PostgreSQL bigint; longer numbers are a 404, not a database error."""

    regex = "[0-9]{1,18}"

    def to_python(self, value: str) -> int:
        return int(value)

    def to_url(self, value: int) -> str:
        return str(value)
