"""MXNet's RecordIO file format (mx.recordio)."""
