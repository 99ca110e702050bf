"""icanalysis: how the press covers intimacy coordination on film and TV sets.

The handful of functions a notebook needs; everything else is reached through its module.
"""

from .io import read_processed
from .pipeline import RunSettings, build, run

__all__ = ["RunSettings", "build", "read_processed", "run"]
