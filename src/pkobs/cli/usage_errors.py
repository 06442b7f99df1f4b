"""Usage errors (a missing argument, an unknown option or command, a value of the wrong kind) in
the run's language, like every other error of the command line.

Click builds these messages in English when it raises them. The root group
(:class:`pkobs.cli.lazy.LazyGroup`) catches each :class:`UsageError` while it parses and runs
a command, and raises a :class:`LocalisedUsageError` in its place: the same exit code (2), the
usage line, the hint and the message written from the ``help.ui.*`` texts of the ``cli_help``
catalogue, from what the error knows (the parameter, the option's name, the possibilities). An
error whose kind is not recognised keeps its own message.
"""

from __future__ import annotations

import re
from typing import IO, Any

from typer import _click
from typer._click.exceptions import (
    BadOptionUsage,
    BadParameter,
    MissingParameter,
    NoSuchOption,
    UsageError,
)
from typer.core import TyperOption

from pkobs.cli.helptext import ui
from pkobs.settings import Language

# the messages click writes with ctx.fail(), which carry no structure: text -> key, values
_FAILS: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"No such command '(?P<name>.*)'\.$"), "no_such_command"),
    (re.compile(r"Missing command\.$"), "missing_command"),
    (re.compile(r"Got unexpected extra argument(?:\(s\))? \((?P<args>.*)\)$"), "extra_arguments"),
)
_EXPECTED = {int: "expected_int", float: "expected_number"}


def _quoted(name: str, lang: Language) -> str:
    return f"«\u202f{name}\u202f»" if lang == "fr" else f"'{name}'"


def _parameter_hint(error: BadParameter, lang: Language) -> str:
    """The parameter as the reader typed it or reads it in the usage line: ``'--to'``,
    « name »."""
    hint = error.param_hint
    if hint is None and error.param is not None:
        param = error.param
        hint = list(param.opts) if isinstance(param, TyperOption) else [str(param.name)]
    if hint is None:
        return ""
    names = [hint] if isinstance(hint, str) else list(hint)
    return " / ".join(_quoted(name.strip("'"), lang) for name in names)


def _expected(param: _click.Parameter | None) -> str | None:
    descriptor = getattr(param, "type_descriptor", None)
    annotation = getattr(descriptor, "annotation", None)
    for kind, key in _EXPECTED.items():
        if annotation in (kind, kind | None):
            return key
    return None


def message(error: UsageError, lang: Language) -> str:
    """What went wrong, in ``lang``."""
    if isinstance(error, MissingParameter):
        kind = error.param_type or (error.param.param_type_name if error.param else "parameter")
        key = f"missing_{kind}" if kind in ("argument", "option") else "missing_parameter"
        return ui(key, lang, name=_parameter_hint(error, lang))
    if isinstance(error, NoSuchOption):
        text = ui("no_such_option", lang, name=_quoted(error.option_name, lang))
        if error.possibilities:
            options = ", ".join(sorted(error.possibilities))
            text += " " + ui("possible_options", lang, options=options)
        return text
    if isinstance(error, BadParameter):
        expected = _expected(error.param)
        shown = ui(expected, lang) if expected is not None else error.message
        return ui("invalid_value", lang, name=_parameter_hint(error, lang), expected=shown)
    if isinstance(error, BadOptionUsage):
        if " requires " in error.message:
            return ui("requires_value", lang, name=_quoted(error.option_name, lang))
        if "does not take a value" in error.message:
            return ui("takes_no_value", lang, name=_quoted(error.option_name, lang))
    for pattern, key in _FAILS:
        found = pattern.match(error.message)
        if found is not None:
            values = {k: _quoted(v, lang) for k, v in found.groupdict().items()}
            return ui(key, lang, **values)
    return error.message


class LocalisedUsageError(UsageError):
    """A usage error shown in the run's language (same exit code as click's)."""

    def __init__(self, error: UsageError, lang: Language) -> None:
        super().__init__(message(error, lang), error.ctx)
        self.exit_code = error.exit_code
        self.lang = lang

    def show(self, file: IO[Any] | None = None) -> None:
        ctx = self.ctx
        if ctx is not None:
            formatter = ctx.make_formatter()
            ctx.command.format_usage(ctx, formatter)
            usage = formatter.getvalue().rstrip("\n")
            usage = usage.replace("Usage:", ui("usage", self.lang), 1)
            hint = ""
            if ctx.command.get_help_option(ctx) is not None:
                hint = ui(
                    "try", self.lang, command=ctx.command_path, option=ctx.help_option_names[0]
                )
            _click.echo(f"{usage}\n{hint}\n", file=file, err=True)
        _click.echo(ui("error", self.lang, message=self.format_message()), file=file, err=True)


def localised(error: UsageError, lang: Language) -> LocalisedUsageError:
    """``error`` in ``lang``, the run's (``--lang`` or ``PKOBS_LANG``)."""
    if isinstance(error, LocalisedUsageError):
        return error
    return LocalisedUsageError(error, lang)


__all__ = ["LocalisedUsageError", "localised", "message"]
