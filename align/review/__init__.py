"""Review sessions: a browser review of findings that remembers every decision.

``align review report.csv`` serves the report's findings, highlighted in
their documents, on the loopback interface; each accept, reject or corrected
suggestion goes at once into a SQLite database beside the report, keyed by a
fingerprint (``fingerprint.py``) that survives reruns after unrelated edits.
``align qa --decisions DB`` carries the decisions into the next report, and
``align qa --html FILE`` writes the same page, read-only, as one file.

Modules: ``fingerprint`` (identity), ``store`` (the database), ``session``
(report, documents folder, texts), ``app`` (the Flask server), ``html``
(the static report), ``export`` (CSV/XLSX), ``qahook`` (the ``align qa``
options). Flask loads only when a server starts.
"""
