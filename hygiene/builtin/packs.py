"""Registers the rule packs shipped with hygiene (``rules/``, packaged as ``hygiene/rules``)."""

from __future__ import annotations

from .. import hookimpl
from ..packs import builtin_pack_files


@hookimpl
def hygiene_register_packs():
    return builtin_pack_files()
