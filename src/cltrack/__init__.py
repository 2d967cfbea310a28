"""cltrack: indicator calculator for Vietnam's plans against illegal child labour."""

__version__ = "0.1.0"
