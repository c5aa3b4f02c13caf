"""Tell clearly, before the tests start, whether PostgreSQL and Redis can be reached."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError
from django.db import connections

from common.health import check_database, check_redis


class Command(BaseCommand):
    help = "Kiểm tra kết nối tới PostgreSQL và Redis (dùng trước khi chạy kiểm thử)."

    def handle(self, *args, **options):
        problems = []
        database = check_database(connections["default"])
        if not database.ok and connections["default"].vendor == "postgresql" and self._create_database():
            database = check_database(connections["default"])
        if not database.ok:
            problems.append(
                f"PostgreSQL: {database.detail}\n"
                "    Khởi động: sudo pg_ctlcluster 15 main start  (hoặc: sudo service postgresql start)\n"
                "    Hoặc trỏ tới máy khác: TEST_DATABASE_URL=postgres://user@host:5432/db make test"
            )
        redis = check_redis()
        if not redis.ok:
            problems.append(
                f"Redis: {redis.detail}\n"
                "    Khởi động: redis-server --daemonize yes --bind 127.0.0.1\n"
                "    Hoặc trỏ tới máy khác: TEST_REDIS_URL=redis://host:6379/0 make test"
            )
        if problems:
            raise CommandError("Không chạy được kiểm thử vì thiếu dịch vụ:\n  " + "\n  ".join(problems))
        self.stdout.write(f"PostgreSQL và Redis sẵn sàng ({database.detail}).")

    @staticmethod
    def _create_database() -> bool:
        """The server is up but the database does not exist yet: create it (tests need the server only)."""
        import psycopg2
        from psycopg2 import sql

        params = connections["default"].get_connection_params()
        name = params.pop("database", None) or params.pop("dbname", None)
        try:
            conn = psycopg2.connect(dbname="postgres", **params)
        except psycopg2.Error:
            return False
        try:
            conn.autocommit = True
            with conn.cursor() as cursor:
                cursor.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
        except psycopg2.Error:
            return False
        finally:
            conn.close()
        return True
