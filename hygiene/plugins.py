"""The plugin manager: built-in plugins first, then ``hygiene`` entry points, minus blocked ones."""

from __future__ import annotations

import importlib
import os

import pluggy

from . import hookspecs

BUILTIN_PLUGINS = (
    "hygiene.builtin.packs",
    "hygiene.builtin.captions",
    "hygiene.builtin.headlines",
    "hygiene.builtin.score",
    "hygiene.builtin.corpus",
    "hygiene.builtin.encoding",
    "hygiene.builtin.foreign",
    "hygiene.io.readers",
)

ENTRY_POINT_GROUP = "hygiene"
# Set to any value to skip third-party plugins (as PYTEST_DISABLE_PLUGIN_AUTOLOAD does).
DISABLE_ENV = "HYGIENE_DISABLE_PLUGIN_AUTOLOAD"


def get_plugin_manager(blocked: tuple[str, ...] = ()) -> pluggy.PluginManager:
    pm = pluggy.PluginManager("hygiene")
    pm.add_hookspecs(hookspecs)
    for name in blocked:
        pm.set_blocked(name)
    for modname in BUILTIN_PLUGINS:
        if pm.is_blocked(modname):
            continue
        pm.register(importlib.import_module(modname), name=modname)
    if not os.environ.get(DISABLE_ENV):
        pm.load_setuptools_entrypoints(ENTRY_POINT_GROUP)
    return pm


def plugin_list(pm: pluggy.PluginManager) -> list[tuple[str, str]]:
    """(name, where it comes from) for each loaded plugin."""
    dists = {id(p): d for p, d in pm.list_plugin_distinfo()}
    out = []
    for name, plugin in pm.list_name_plugin():
        if plugin is None:
            continue
        dist = dists.get(id(plugin))
        out.append((name, f"{dist.project_name} {dist.version}" if dist else "built-in"))
    return out
