"""A single-process KVStore (mx.kv) for Trainer."""
