"""Feature widgets named as "module:Class", imported only when first needed."""

from __future__ import annotations

import importlib


def load(target: str) -> type:
    module_name, _, class_name = target.partition(":")
    return getattr(importlib.import_module(module_name), class_name)
