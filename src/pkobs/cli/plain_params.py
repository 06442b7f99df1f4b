"""Converting the plain parameters without pydantic.

Typer converts each parameter's value with a pydantic ``TypeAdapter`` built on first use, so every
command run imports pydantic and builds one adapter per parameter: about 0.1 s of CPU, more than
some commands' own work (``pkobs ingest`` of a small file). The parameters pkobs declares are
plain: ``str``, ``bool``, ``Path``, ``list[Path]`` (and their optional forms). For those,
:func:`plain_parameters` installs a conversion that does what Typer's adapter does (a path still
goes through Typer's own ``coerce_cli_path``, with its checks); any other value, or any other kind
of parameter, still goes through Typer's adapter.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from typer._click import Context, Parameter
from typer._coercion import RuntimeParam, TypeDescriptor, build_runtime_param
from typer._param_types import coerce_cli_path
from typer.core import TyperCommand, _TyperParameter

TEXT: tuple[object, ...] = (str, str | None)
PATH: tuple[object, ...] = (Path, Path | None)
PATHS: tuple[object, ...] = (list[Path],)
FLAG: tuple[object, ...] = (bool,)


def _plain(descriptor: TypeDescriptor) -> bool:
    info = descriptor.parameter_info
    if descriptor.file_annotation is not None or info.parser is not None:
        return False
    annotation = descriptor.annotation
    if annotation in PATH or annotation in PATHS:
        return info.path_type is None
    return annotation in TEXT or annotation in FLAG


@dataclass(frozen=True)
class PlainRuntimeParam(RuntimeParam):
    """Typer's conversion of a plain parameter, without its pydantic adapter."""

    descriptor: TypeDescriptor

    def _path(self, value: str | Path, param: _TyperParameter, ctx: Context) -> Any:
        given = Path(value) if isinstance(value, str) else value  # what pydantic makes of it
        return coerce_cli_path(given, self.parameter_info, path_type=Path, param=param, ctx=ctx)

    def _coerce_value(self, value: Any, param: _TyperParameter, ctx: Context) -> Any:
        annotation = self.annotation
        if annotation in FLAG and isinstance(value, bool):
            return value
        if annotation in TEXT and isinstance(value, str):
            return value
        if annotation in PATH and isinstance(value, str | Path):
            return self._path(value, param, ctx)
        if (
            annotation in PATHS
            and isinstance(value, list | tuple)
            and all(isinstance(v, str | Path) for v in value)
        ):
            return [self._path(v, param, ctx) for v in value]
        # Anything else: Typer's own adapter (built now, pydantic imported).
        return build_runtime_param(self.descriptor)._coerce_value(value, param=param, ctx=ctx)


def plain_parameters(params: list[Parameter]) -> list[Parameter]:
    """Give every plain Typer parameter of ``params`` the conversion above; ``params``."""
    for param in params:
        if not isinstance(param, _TyperParameter) or param._runtime_param is not None:
            continue
        descriptor = param.type_descriptor
        if _plain(descriptor):
            param._runtime_param = PlainRuntimeParam(
                parameter_info=descriptor.parameter_info,
                annotation=descriptor.annotation,
                descriptor=descriptor,
            )
    return params


class PlainCommand(TyperCommand):
    """A Typer command whose plain parameters (and --help) are converted without pydantic."""

    def get_params(self, ctx: Context) -> list[Parameter]:
        return plain_parameters(super().get_params(ctx))


__all__ = ["PlainCommand", "PlainRuntimeParam", "plain_parameters"]
