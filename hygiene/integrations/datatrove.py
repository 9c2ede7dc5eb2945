"""A datatrove pipeline step: lint each document, apply safe fixes, keep per-rule stats.

    from hygiene.integrations.datatrove import HygieneStep
    pipeline = [JsonlReader("in/"), HygieneStep(min_quality=50), JsonlWriter("out/")]

Install with ``pip install 'hygiene[datatrove]'``. The step builds its linter in the worker that
runs it (a plugin manager cannot be pickled), once per task. It writes compact results into
``document.metadata["hygiene"]`` (score and a count per rule code, never the full findings:
datatrove copies metadata per document).
"""

from __future__ import annotations

from collections import Counter

from datatrove.pipeline.base import PipelineStep

from ..config import Settings
from ..model import Document


class HygieneStep(PipelineStep):
    name = "🧼 hygiene"
    type = "🧹 - CLEAN"

    def __init__(self, fix: bool = True, unsafe: bool = False, min_quality: float | None = None,
                 settings: Settings | None = None, metadata_key: str = "hygiene"):
        super().__init__()
        self.fix = fix
        self.unsafe = unsafe
        self.min_quality = min_quality
        self.settings = settings or Settings()
        self.metadata_key = metadata_key
        self._linter = None

    def __getstate__(self):
        state = self.__dict__.copy()
        state["_linter"] = None
        return state

    def _get_linter(self):
        if self._linter is None:
            from ..engine import Linter

            self._linter = Linter(self.settings)
        return self._linter

    def run(self, data, rank: int = 0, world_size: int = 1):
        linter = self._get_linter()
        for doc in data:
            with self.track_time():
                ours = Document(str(doc.id), doc.text, record={"line": None, "id": doc.id})
                res = linter.fix(ours, unsafe=self.unsafe) if self.fix else linter.check(ours)
                codes = Counter(res.found)  # what was found, fixed or not
                if res.fixed_text is not None:
                    doc.text = res.fixed_text
                    self.stat_update("hygiene_fixed_documents")
                    self.stat_update("hygiene_fixes", value=res.fixes_applied)
                for code, n in codes.items():
                    self.stat_update(f"hygiene_{code}", value=n)
                if self.min_quality is not None and res.score is not None \
                        and res.score < self.min_quality:
                    self.stat_update("hygiene_dropped")
                    continue
                doc.metadata[self.metadata_key] = {"score": res.score, "codes": dict(codes)}
                self.stat_update("hygiene_kept")
            yield doc
