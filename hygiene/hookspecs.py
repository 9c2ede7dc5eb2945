"""Every hook hygiene calls, grouped by phase. Plugins implement them with ``@hygiene.hookimpl``.

Built-in rules use these same hooks (see ``hygiene.plugins.BUILTIN_PLUGINS``), so a third-party
package can do anything the built-ins do: add rules, rule packs, languages and readers.
"""

from __future__ import annotations

import pluggy

hookspec = pluggy.HookspecMarker("hygiene")

# -- configure ------------------------------------------------------------------------------


@hookspec
def hygiene_configure(settings):
    """Called each time a linter is built (once per run, and once in each worker process),
    after settings are loaded and before rules are built.

    :param settings: the :class:`hygiene.config.Settings` of this run (read-only).
    """


# -- register rules -------------------------------------------------------------------------


@hookspec
def hygiene_register_rules(settings):
    """Return a list of rule objects (:class:`hygiene.Rule` or :class:`hygiene.CorpusRule`).

    :param settings: the run's settings, for rules that take options.
    """


@hookspec
def hygiene_register_packs():
    """Return a list of paths (files or folders of ``*.toml``) holding rule packs to load."""


# -- read -----------------------------------------------------------------------------------


@hookspec(firstresult=True)
def hygiene_read_document(path, data, settings):
    """Turn a file's bytes into a list of :class:`hygiene.Document`, or return None to pass.

    :param path: the file's path as given on the command line (a ``str``).
    :param data: the file's raw bytes.
    :param settings: the run's settings.

    First non-None result wins; the built-in reader for text and HTML comes last. JSONL shards
    are streamed record by record by hygiene itself and do not go through this hook.
    """


# -- detect language ------------------------------------------------------------------------


@hookspec(firstresult=True)
def hygiene_detect_language(text, settings):
    """Return the ISO 639-1 code of the text's main language, or None to pass.

    :param text: the document text.
    :param settings: the run's settings (``settings.language`` forces a language before this
        hook is called).

    First non-None result wins.
    """


# -- check document -------------------------------------------------------------------------


@hookspec
def hygiene_document_checked(document, findings):
    """Called after each document is checked; may append findings of its own to ``findings``.

    :param document: the :class:`hygiene.Document`.
    :param findings: the list of :class:`hygiene.Finding` found so far for it (mutable).
    """


@hookspec(firstresult=True)
def hygiene_score_document(document, findings, settings):
    """Return the document's source-quality score (0-100), or None to pass.

    :param document: the :class:`hygiene.Document` as checked.
    :param findings: its findings.
    :param settings: the run's settings (``settings.outlets`` holds user adjustments).

    First non-None result wins; the built-in score (``hygiene.builtin.score``) comes last.
    """


# -- report ---------------------------------------------------------------------------------


@hookspec
def hygiene_register_formats():
    """Return a dict ``{name: callable(result, stream, options)}`` of extra output formats.

    ``result`` is a :class:`hygiene.run.RunResult`, ``stream`` a text stream, ``options`` a dict
    (``fixing``, ``quiet``). A new name becomes a valid ``--format``.
    """
