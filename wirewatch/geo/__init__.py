"""Offline gazetteer and toponym resolver."""
