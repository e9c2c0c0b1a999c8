"""storylint: a continuity checker for fiction."""

__version__ = "0.1.0"
