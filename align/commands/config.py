"""`align config --show`: the settings in force and where each came from."""
from __future__ import annotations

import sys

from . import EXIT_OK, EXIT_USAGE

ORDER = 80


def add_parser(sub) -> None:
    cf = sub.add_parser("config", help="show the settings in force and where each came from",
                        description="Print every setting `align qa` would use here, as TOML "
                                    "that an align.toml accepts, each with its origin: the "
                                    "default, a configuration file, or the command line.")
    cf.add_argument("--show", action="store_true",
                    help="print the settings (the default action)")
    cf.add_argument("--config", metavar="FILE",
                    help="read this file instead of searching upward for align.toml "
                         "or a pyproject.toml with [tool.align]")
    cf.set_defaults(func=run)


def _toml(value) -> str:
    import json

    if isinstance(value, tuple):
        value = list(value)
    # JSON strings, numbers, booleans and flat lists are valid TOML values.
    return json.dumps(value, ensure_ascii=False)


def _key(name: str) -> str:
    import re

    return name if re.fullmatch(r"[A-Za-z0-9_-]+", name) else _toml(name)


def _unknown(checks, registry):
    from ..detectors import GROUPS

    return sorted(set(checks) - set(registry) - set(GROUPS))


def render(loaded, registry) -> str:
    """The settings as commented TOML lines."""
    from dataclasses import fields

    from ..core.version import __version__
    from ..core.config import Config

    cfg, origins = loaded.config, loaded.origins
    lines = [f"# align {__version__}: settings in force",
             f"# file: {loaded.file or 'none found; defaults apply'}"]
    width = 44

    def line(key, value, origin):
        text = f"{key} = {_toml(value)}"
        lines.append(f"{text:<{width}} # {origin}")

    tables = ("checks", "severities", "penalties")
    for f in fields(Config):
        if f.name not in tables:
            line(f.name, getattr(cfg, f.name), origins.get(f.name, "default"))
    lines.append("")
    lines.append("[checks]")
    for name, cls in registry.items():
        if name in cfg.checks:
            line(_key(name), cfg.checks[name], origins.get(f"checks.{name}", "default"))
        else:
            line(_key(name), bool(cls.default), "default")
    for name in _unknown(cfg.checks, registry):
        line(_key(name), cfg.checks[name], origins.get(f"checks.{name}") + " (unknown check!)")
    lines.append("")
    lines.append("[severities]")
    if not cfg.severities:
        lines.append("# none: every rule keeps the severity its check gives")
    for rule, level in sorted(cfg.severities.items()):
        line(_key(rule), level, origins.get(f"severities.{rule}", "default"))
    lines.append("")
    lines.append("[penalties]")
    for level, points in cfg.penalties.items():
        line(level, points, origins.get(f"penalties.{level}", "default"))
    return "\n".join(lines) + "\n"


def run(args) -> int:
    from ..core.config import ConfigError, load
    from ..read.termbases import check_termbases
    from ..detectors import available

    try:
        loaded = load(args.config)
    except ConfigError as e:
        print(f"align config: {e}", file=sys.stderr)
        return EXIT_USAGE
    registry = available()
    sys.stdout.write(render(loaded, registry))
    code = EXIT_OK
    unknown = _unknown(loaded.config.checks, registry)
    if unknown:
        print(f"align config: unknown check(s) in {loaded.file}: {', '.join(unknown)}; "
              f"known: {', '.join(registry)}", file=sys.stderr)
        code = EXIT_USAGE
    try:
        check_termbases(loaded)  # what align qa would stop on
    except ConfigError as e:
        print(f"align config: {e}", file=sys.stderr)
        code = EXIT_USAGE
    return code
