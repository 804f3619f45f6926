"""tutor: learn what Sequential, Dense, compile, fit and predict really do, in the terminal."""

__version__ = "0.1.0"
