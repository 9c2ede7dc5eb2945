"""Adapters that run hygiene inside other data engines."""
