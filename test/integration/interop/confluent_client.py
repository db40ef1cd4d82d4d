#!/usr/bin/env python3
"""Confluent's Python client (Debian's python3-confluent-kafka 1.7) on one side of the interop matrix.

  consume BROKERS REGISTRY TOPIC SUBJECT COUNT  -> one JSON line per message: {"schemaId", "key", "value"}
  produce BROKERS REGISTRY TOPIC SUBJECT        <- one JSON line per envelope on stdin, each sent with key "key"

JSONDeserializer / JSONSerializer take a schema string: the subject's latest registered schema,
fetched from the registry, with its references resolved the way a user of this client must: each
referenced schema (whose $id is the reference name) is bundled under "definitions", where
jsonschema finds a $ref by $id without any network fetch. Default options otherwise.
"""
import json
import struct
import sys

from confluent_kafka import Consumer, Producer
from confluent_kafka.schema_registry import SchemaRegistryClient
from confluent_kafka.schema_registry.json_schema import JSONDeserializer, JSONSerializer
from confluent_kafka.serialization import MessageField, SerializationContext


def bundled_schema(registry, subject):
    latest = registry.get_latest_version(subject)
    schema = json.loads(latest.schema.schema_str)
    definitions = schema.setdefault("definitions", {})
    pending = list(latest.schema.references or [])
    seen = set()
    while pending:
        ref = pending.pop()
        # 1.7 hands references over as the registry's JSON objects; later versions as SchemaReference.
        name, ref_subject, ref_version = (ref["name"], ref["subject"], ref["version"]) if isinstance(ref, dict) else (ref.name, ref.subject, ref.version)
        if name in seen:
            continue
        seen.add(name)
        version = registry.get_version(ref_subject, ref_version)
        referenced = json.loads(version.schema.schema_str)
        referenced.setdefault("$id", name)
        definitions["ref:" + name] = referenced
        pending.extend(version.schema.references or [])
    return json.dumps(schema)


def consume(brokers, url, topic, subject, count):
    registry = SchemaRegistryClient({"url": url})
    deserializer = JSONDeserializer(bundled_schema(registry, subject))
    consumer = Consumer({"bootstrap.servers": brokers, "group.id": "py-interop-" + topic, "auto.offset.reset": "earliest", "enable.auto.commit": False})
    consumer.subscribe([topic])
    seen = 0
    idle = 0
    try:
        while seen < count and idle < 60:
            msg = consumer.poll(1.0)
            if msg is None:
                idle += 1
                continue
            if msg.error():
                raise RuntimeError(str(msg.error()))
            value = deserializer(msg.value(), SerializationContext(topic, MessageField.VALUE))
            schema_id = struct.unpack(">bI", msg.value()[:5])[1]
            key = msg.key().decode("utf-8") if msg.key() is not None else None
            print(json.dumps({"schemaId": schema_id, "key": key, "value": value}), flush=True)
            seen += 1
    finally:
        consumer.close()
    if seen < count:
        sys.exit("consume: got %d of %d messages from %s" % (seen, count, topic))


def produce(brokers, url, topic, subject):
    registry = SchemaRegistryClient({"url": url})
    serializer = JSONSerializer(bundled_schema(registry, subject), registry)
    producer = Producer({"bootstrap.servers": brokers})
    errors = []
    for line in sys.stdin:
        if not line.strip():
            continue
        item = json.loads(line)
        value = serializer(item["value"], SerializationContext(topic, MessageField.VALUE))
        producer.produce(topic, key=item["key"], value=value, on_delivery=lambda err, _msg: err and errors.append(str(err)))
    if producer.flush(30) != 0 or errors:
        sys.exit("produce: not delivered: %s" % (errors or "flush timed out"))
    print(json.dumps({"schemaId": struct.unpack(">bI", value[:5])[1]}), flush=True)


if __name__ == "__main__":
    mode, brokers, url, topic, subject = sys.argv[1:6]
    if mode == "consume":
        consume(brokers, url, topic, subject, int(sys.argv[6]))
    elif mode == "produce":
        produce(brokers, url, topic, subject)
    else:
        sys.exit("usage: confluent_client.py consume|produce BROKERS REGISTRY TOPIC SUBJECT [COUNT]")
