"""Widgets shared by the lesson player and the feature screens."""
