"""The CLI's help in the run's language: French by default, English with ``--lang en`` or
``PKOBS_LANG=en`` (``pkobs --help``, ``pkobs --lang en ingest --help``).

Every text of the help lives in the ``cli_help`` catalogue
(``pkobs/locales/<lang>/LC_MESSAGES/cli_help.po``):

- ``help.<command>`` a command's help, whose first sentence is its summary in ``pkobs --help``
  (``help.pkobs`` the root's, ``help.snapshot.build`` a subcommand's);
- ``help.<command>.<parameter>`` a parameter's help, the parameter named by its first long
  option without dashes (``help.indicator.from``, ``help.serve.access-log``) or, for an argument,
  by its name (``help.ingest.files``);
- ``help.ui.*`` what click writes around them: ``Usage:``, the section headings, the help
  option's own help, ``[default: …]``, ``[required]``, ``[env var: …]``.

The English docstrings and ``help=`` strings in the command modules stay what Python readers and
Typer see; the English catalogue says the same word for word (tests/cli/test_help_language.py
compares them). A help text that names values the code computes (the indicators, the views) has
``{placeholders}``, filled from the command module's ``HELP_VALUES``.

``--help`` is an eager option: it is handled while the root group parses its arguments, before
its callback reads ``--lang``. So the root group reads the language itself from its arguments
(:func:`help_language`, the last ``--lang`` given: the global one, or ``indicator``'s and
``report``'s own) or ``PKOBS_LANG``, and keeps it in ``ctx.meta``; each command's help context
(:class:`HelpContext`) then sets the command's texts from the catalogue and formats them with a
:class:`HelpFormatter` in that language. Only the ``.po`` files are read (through the catalogue
cache): ``pkobs --help`` still imports no command module.
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping, Sequence
from functools import cache

from typer import _click
from typer._click.utils import make_default_short_help
from typer.core import TyperArgument, TyperGroup, TyperOption

from pkobs.settings import ENV_LANG, Language, parse_language

LANG_KEY = "pkobs.help_lang"
NARROW, NO_BREAK = "\u202f", "\u00a0"
ROOT = "pkobs"
# what a command module's HELP_VALUES fill: catalogue key -> placeholder -> value
HELP_VALUES: dict[str, dict[str, str]] = {}
SECTIONS = {
    "Options": "help.ui.options",
    "Arguments": "help.ui.arguments",
    "Commands": "help.ui.commands",
}
# the brackets click and Typer append to a parameter's help: "  [default: oif; required]"
_EXTRAS = re.compile(r"(?P<help>.*?)(?P<gap>  )?\[(?P<extras>[^\[\]]*)\]", re.DOTALL)


def help_language(args: Sequence[str], environ: Mapping[str, str] | None = None) -> Language:
    """The language of the help: the last ``--lang`` in ``args`` (``--lang en``, ``--lang=en``),
    else ``PKOBS_LANG``, else French; French too for a value that is not a language (the error
    is said when the command runs)."""
    env = os.environ if environ is None else environ
    wanted: str | None = None
    for at, arg in enumerate(args):
        if arg == "--":
            break
        if arg == "--lang" and at + 1 < len(args):
            wanted = args[at + 1]
        elif arg.startswith("--lang="):
            wanted = arg.removeprefix("--lang=")
    try:
        return parse_language(wanted or env.get(ENV_LANG) or "fr")
    except ValueError:
        return "fr"


@cache
def messages(lang: Language) -> dict[str, str]:
    """Every one-form message of ``lang`` (read here rather than through :mod:`pkobs.i18n`,
    which also loads Babel's number and date formatting)."""
    from pkobs import catalogues

    return catalogues.load(
        catalogues.locales_folder(), lang, catalogues.default_cache_dir()
    ).messages


def text(key: str, lang: Language) -> str | None:
    """The help ``key`` in ``lang`` with its ``HELP_VALUES`` filled; ``None`` if it has none."""
    template = messages(lang).get(key)
    if template is None:
        return None
    values = HELP_VALUES.get(key)
    return template.format(**values) if values else template


def ui(key: str, lang: Language, /, **values: str) -> str:
    """One of the ``help.ui.*`` texts (``Usage:``, ``Options``...) in ``lang``."""
    return messages(lang)[f"help.ui.{key}"].format(**values)


def parameter_name(param: _click.Parameter) -> str:
    """How the catalogue names a parameter: its first long option without dashes, or its name."""
    if isinstance(param, TyperOption):
        longs = [opt for opt in param.opts if opt.startswith("--")]
        return (longs[0] if longs else param.opts[0]).lstrip("-")
    return param.name or ""


def command_path(ctx: _click.Context) -> str:
    """``pkobs`` for the root, ``ingest``, ``snapshot.build``: the command names below the root
    (whatever the program is called)."""
    names: list[str] = []
    at: _click.Context | None = ctx
    while at is not None and at.parent is not None:
        names.append(at.info_name or "")
        at = at.parent
    return ".".join(reversed(names)) or ROOT


def command_key(path: str, name: str) -> str:
    """The key of subcommand ``name`` of the command at ``path``."""
    return f"help.{name}" if path == ROOT else f"help.{path}.{name}"


def language_of(ctx: _click.Context) -> Language:
    found = ctx.meta.get(LANG_KEY)
    return found if found in ("fr", "en") else help_language(())


def summary(ctx: _click.Context, name: str, limit: int) -> str | None:
    """The one-line summary of subcommand ``name`` in the help's language, if the catalogue has
    its help: without loading the command's module."""
    found = text(command_key(command_path(ctx), name), language_of(ctx))
    return short_help(found, limit) if found is not None else None


def short_help(help: str, limit: int) -> str:
    """Click's summary of ``help`` (its first sentence, cut to ``limit``), keeping the no-break
    spaces of French (« Mois par mois\u202f: ») that click would make plain spaces."""
    kept = help.replace(NARROW, "\0").replace(NO_BREAK, "\1")
    return make_default_short_help(kept, limit).replace("\0", NARROW).replace("\1", NO_BREAK)


def kept_examples(help: str) -> str:
    """``help`` with each paragraph of indented lines (the examples under « Exemples : ») marked
    for click to print line by line (``\\b``), instead of running them into one paragraph."""
    paragraphs = help.split("\n\n")
    kept = [
        "\b\n" + p
        if len(lines := p.split("\n")) > 1 and all(line.startswith("  ") for line in lines[1:])
        else p
        for p in paragraphs
    ]
    return "\n\n".join(kept)


def localise(ctx: _click.Context, lang: Language) -> None:
    """Give ``ctx``'s command and its parameters their texts in ``lang`` (a group's
    subcommands are listed by :class:`HelpGroup`, from the catalogue)."""
    command = ctx.command
    path = command_path(ctx)
    found = text(f"help.{path}", lang)
    if found is not None:
        command.help = kept_examples(found)
    help_option = command.get_help_option(ctx)
    for param in command.get_params(ctx):
        if not isinstance(param, TyperOption | TyperArgument):
            continue
        if param is help_option:
            param.help = ui("help", lang)
            continue
        found = text(f"help.{path}.{parameter_name(param)}", lang)
        if found is not None:
            param.help = found


class HelpFormatter(_click.HelpFormatter):
    """Click's formatter with its own words in ``lang``: ``Utilisation :``, ``Options :``,
    ``[par défaut : oif]``."""

    def __init__(self, lang: Language, width: int | None = None, max_width: int | None = None):
        super().__init__(width=width, max_width=max_width)
        self.lang = lang

    def write_usage(self, prog: str, args: str = "", prefix: str | None = None) -> None:
        if prefix is None:
            prefix = ui("usage", self.lang) + " "
        super().write_usage(prog, args, prefix)

    def write_heading(self, heading: str) -> None:
        key = SECTIONS.get(heading)
        name = messages(self.lang)[key] if key else heading
        self.write(f"{'':>{self.current_indent}}{ui('heading', self.lang, name=name)}\n")

    def write_dl(
        self, rows: Sequence[tuple[str, str]], col_max: int = 30, col_spacing: int = 2
    ) -> None:
        super().write_dl([(term, self.extras(help)) for term, help in rows], col_max, col_spacing)

    def extras(self, help: str) -> str:
        """``help`` with the bracket Typer appends (``[default: oif; required]``) in ``lang``;
        unchanged if the bracket holds anything else."""
        match = _EXTRAS.fullmatch(help)
        if match is None:
            return help
        items = []
        for item in match["extras"].split("; "):
            if item.startswith("default: "):
                items.append(ui("default", self.lang, default=item.removeprefix("default: ")))
            elif item.startswith("env var: "):
                items.append(ui("env", self.lang, var=item.removeprefix("env var: ")))
            elif item == "required":
                items.append(ui("required", self.lang))
            elif re.fullmatch(r"[-\d.<=x]+", item):  # a number range: 1<=x<=65535
                items.append(item)
            else:
                return help
        joined = ui("separator", self.lang).join(items)
        return f"{match['help']}{match['gap'] or ''}[{joined}]"


class HelpContext(_click.Context):
    """A context whose help is written in the help's language (:func:`language_of`), from the
    ``cli_help`` catalogue. Usage errors keep click's own words."""

    help_lang: Language | None = None

    def get_help(self) -> str:
        lang = language_of(self)
        localise(self, lang)
        self.help_lang = lang
        try:
            return super().get_help()
        finally:
            self.help_lang = None

    def make_formatter(self) -> _click.HelpFormatter:
        if self.help_lang is None:
            return super().make_formatter()
        return HelpFormatter(self.help_lang, self.terminal_width, self.max_content_width)


class HelpGroup(TyperGroup):
    """A group whose help is in the help's language, subcommands listed with their summaries
    from the catalogue (a subcommand the catalogue does not know, with its own)."""

    context_class = HelpContext

    def format_commands(self, ctx: _click.Context, formatter: _click.HelpFormatter) -> None:
        names = self.list_commands(ctx)
        if not names:
            return
        limit = formatter.width - 6 - max(len(name) for name in names)
        rows: list[tuple[str, str]] = []
        for name in names:
            found = summary(ctx, name, limit)
            if found is not None:
                rows.append((name, found))
                continue
            command = self.get_command(ctx, name)
            if command is not None and not command.hidden:
                rows.append((name, command.get_short_help_str(limit)))
        with formatter.section("Commands"):
            formatter.write_dl(rows)


def use_help_context(command: _click.Command) -> None:
    """``command`` and its subcommands write their help through :class:`HelpContext`."""
    command.context_class = HelpContext
    for sub in getattr(command, "commands", {}).values():
        use_help_context(sub)


__all__ = [
    "HELP_VALUES",
    "LANG_KEY",
    "HelpContext",
    "HelpFormatter",
    "HelpGroup",
    "command_path",
    "help_language",
    "localise",
    "messages",
    "parameter_name",
    "summary",
    "text",
    "use_help_context",
]
