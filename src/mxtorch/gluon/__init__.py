"""Gluon: the imperative/hybrid neural-network API."""
