"""``chipwatch cache``: inspect or empty the results store (see ``store``)."""

import typer

from chipwatch.cli_steps import destination as _destination
from chipwatch.cli_steps import errors as _errors
from chipwatch.config import load_settings
from chipwatch.options import CacheDirOpt, DebugOpt, Output, bundled

__all__ = ["cache_app"]

cache_app = typer.Typer(help="Inspect or empty the results store.", no_args_is_help=True)


@cache_app.command("info")
@bundled
def cache_info(cache_dir: CacheDirOpt = None, debug: DebugOpt = False, *, out: Output) -> None:
    """Where the results store is, its size, and how many results of each kind it holds."""
    from chipwatch.output import render
    from chipwatch.views import cache_table

    with _errors(debug):
        notes: list[str] = []
        fmt, table = out.chosen(), cache_table(load_settings({"cache_dir": cache_dir}), notes)
        with _destination(out) as stream:
            render(table, fmt, stream=stream, layout=out.layout)
        typer.echo("\n".join(f"chipwatch: {note}" for note in notes), err=True)


@cache_app.command("clear")
def cache_clear(cache_dir: CacheDirOpt = None, debug: DebugOpt = False) -> None:
    """Delete every stored result (the next run parses everything again)."""
    from chipwatch.views import clear_cache

    with _errors(debug):
        removed, path = clear_cache(load_settings({"cache_dir": cache_dir}))
        what = "the results store" if removed is None else f"{removed} stored result(s) from"
        typer.echo(f"chipwatch: removed {what} {path}", err=True)
