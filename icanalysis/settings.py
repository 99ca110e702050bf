"""Everything a run depends on: :class:`RunSettings` (each per-article stage's settings, the table format and
how the run executes). Here, not in pipeline.py, so that the execution engines can name it without
importing the pipeline."""

from __future__ import annotations

from dataclasses import dataclass, field

from .cleaning import CleanSettings
from .coder import CodingSettings
from .dedup import DedupSettings
from .io import TABLE_FORMATS
from .loading import LoadSettings
from .quotes import QuoteSettings

ENGINES = ("local", "dask")
EXECUTION_ONLY = ("progress", "workers", "batch_size", "engine", "scheduler", "keep_texts",
                  "cache_dir", "corrections", "codebook")  # cannot change a result, or recorded by content instead


@dataclass(frozen=True)
class RunSettings:
    """Everything a run depends on; written into the run report."""

    load: LoadSettings = field(default_factory=LoadSettings)
    clean: CleanSettings = field(default_factory=CleanSettings)
    dedup: DedupSettings = field(default_factory=DedupSettings)
    quotes: QuoteSettings = field(default_factory=QuoteSettings)
    coding: CodingSettings = field(default_factory=CodingSettings)
    fmt: str = "csv"
    progress: bool = True
    workers: int = 1
    batch_size: int = 64
    engine: str = "local"
    scheduler: str | None = None
    keep_texts: bool = True
    cache_dir: str | None = None
    corrections: str | None = None  # a corrections CSV applied after attribution (icanalysis/corrections.py)
    codebook: str | None = None  # a speaker codebook CSV that extends (and overrides) the bundled one

    def __post_init__(self) -> None:
        if self.fmt not in TABLE_FORMATS:
            raise ValueError(f"RunSettings.fmt {self.fmt!r} must be one of {TABLE_FORMATS}")
        if self.engine not in ENGINES:
            raise ValueError(f"RunSettings.engine {self.engine!r} must be one of {ENGINES}")
        if self.workers < 0 or self.batch_size < 1:
            raise ValueError("RunSettings: workers >= 0 (0 = all cores) and batch_size >= 1")
