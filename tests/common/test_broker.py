"""The broker transport (common/broker.py): kombu's Redis transport publishing through one client per channel.
Against the test Redis: messages published one after another all arrive, in order, through the same client, and
a channel whose pool was dropped (its connection lost) builds a new client on the new pool."""

from __future__ import annotations

import uuid

from django.conf import settings
from kombu import Connection, Exchange, Queue


def test_the_redis_schemes_name_the_reusing_transports():
    from common import broker

    for url, transport in [
        ("redis://127.0.0.1:6379/0", broker.Transport),
        ("rediss://127.0.0.1:6380/0", broker.Transport),
    ]:
        assert Connection(url).transport_cls == url.split(":", 1)[0]
        assert Connection(url).get_transport_cls() is transport
    # A Sentinel broker keeps kombu's own transport (common/broker.py says why).
    assert not issubclass(Connection("sentinel://127.0.0.1:26379").get_transport_cls(), broker.Transport)
    from config.celery import app

    with app.connection_for_write() as connection:
        if settings.CELERY_BROKER_URL.startswith("redis"):
            assert isinstance(connection.transport, broker.Transport)


def test_messages_published_in_turn_arrive_through_one_client():
    name = f"pz-test-broker-{uuid.uuid4().hex[:8]}"
    queue = Queue(name, Exchange(name, type="direct"), routing_key=name)
    with Connection(settings.REDIS_URL) as connection:
        channel = connection.default_channel
        producer = connection.Producer(channel)
        clients = []
        for number in range(3):
            producer.publish({"n": number}, exchange=queue.exchange, routing_key=name, declare=[queue])
            clients.append(channel._pz_client)
        assert clients[0] is not None and all(client is clients[0] for client in clients)
        received = []
        for _ in range(3):
            message = queue(channel).get(no_ack=True)
            assert message is not None
            received.append(message.payload["n"])
        assert received == [0, 1, 2]

        channel._pool = None  # what kombu does when the channel's connection is lost
        producer.publish({"n": 3}, exchange=queue.exchange, routing_key=name, declare=[queue])
        assert channel._pz_client is not clients[0]
        assert channel._pz_client.connection_pool is channel.pool
        assert queue(channel).get(no_ack=True).payload == {"n": 3}
        queue(channel).delete()
