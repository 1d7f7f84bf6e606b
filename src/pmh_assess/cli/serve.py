"""`pmh-assess serve`: the review workbench in the browser, on this computer only by default."""

from __future__ import annotations

import contextlib
import errno
import getpass
import ipaddress
import secrets
import socket
import sys
import webbrowser
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from ..base.errors import ExitCode, UserError
from ..base.safe import rich_text
from .common import (
    PasswordOption,
    RubricOption,
    check_inputs,
    guarded,
    print_errors,
    stderr,
    told,
)

if TYPE_CHECKING:
    from ..plans import PlanSpec
    from ..results import Results
    from ..rubric.model import Rubric

MISSING = (
    "the review workbench needs Starlette, uvicorn and Jinja2: pip install 'pmh-assess[serve]'"
)


def register(app: typer.Typer) -> None:
    app.command(
        "serve",
        help="Review ratings in the browser: a plans x criteria grid, each criterion with its "
        "evidence highlighted on the page, rated from the keyboard. Every answer is saved at "
        "once to the overrides file that `review` and `score --overrides` use.\n\n"
        "With --blind the machine's rating, reason and overall rating stay hidden until you "
        "have answered, and each answer is saved as given blind. With --coders A B [...] it "
        "adjudicates: every coder's rating side by side with the machine's, and the agreed "
        "ratings written to --consensus.\n\n"
        "Binds 127.0.0.1 and needs the address it prints (with its one-time token); the "
        "browser it opens gets the token from a file only you can read.\n\n"
        "Examples:\n\n"
        "  pmh-assess serve plans/ --overrides reviews.yaml\n\n"
        "  pmh-assess serve plans/ --overrides coder-a.yaml --reviewer A --blind\n\n"
        "  pmh-assess serve plans/ --coders coder-a.yaml coder-b.yaml --consensus agreed.yaml\n\n"
        "  pmh-assess serve results.json --overrides reviews.yaml --port 8800 --no-browser",
    )(guarded(serve))


def serve(
    inputs: Annotated[
        list[Path],
        typer.Argument(
            help="Plan files or folders to score, or a results file from `score --format json`.",
            show_default=False,
        ),
    ],
    overrides: Annotated[
        Path | None,
        typer.Option("--overrides", help="Overrides file to read and save answers to (YAML/CSV)."),
    ] = None,
    blind: Annotated[
        bool,
        typer.Option(
            "--blind",
            help="Hide the machine's rating, reason and overall rating until answered.",
        ),
    ] = False,
    coders: Annotated[
        list[Path] | None,
        typer.Option(
            "--coders",
            help="Two or more coders' overrides files to adjudicate (read only): "
            "--coders a.yaml b.yaml, or --coders a.yaml --coders b.yaml.",
            show_default=False,
        ),
    ] = None,
    consensus: Annotated[
        Path | None,
        typer.Option("--consensus", help="With --coders: the file agreed ratings are saved to."),
    ] = None,
    host: Annotated[
        str,
        typer.Option(help="Address to listen on; anything but loopback is reachable by others."),
    ] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port (0: any free one).", min=0, max=65535)] = 8765,
    no_browser: Annotated[
        bool, typer.Option("--no-browser", help="Do not open a browser window.")
    ] = False,
    reviewer: Annotated[
        str | None,
        typer.Option(help="Name saved with each answer. [default: your login name]"),
    ] = None,
    rubric: RubricOption = None,
    password: PasswordOption = None,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar.")] = False,
    timeout: Annotated[
        float,
        typer.Option(
            help="Seconds one page may spend matching the rubric's patterns (each pattern "
            "also has its own budget; 0: only that).",
            min=0,
        ),
    ] = 30.0,
) -> None:
    try:
        import uvicorn

        from ..serve import Workbench, create_app
        from ..serve.guard import LOOPBACK, handover
    except ImportError as exc:
        raise UserError(MISSING) from exc
    from ..review.coding import agreers, load_coders
    from ..run.cache import TextCache

    if coders:  # `--coders a.yaml b.yaml`: the files after the first arrive as inputs
        taken = [p for p in inputs if _ratings_file(p)]
        coders = [*coders, *taken]
        inputs = [p for p in inputs if p not in taken]
        if not inputs:
            raise UserError("give the plans (files or folders) or a results .json to review")
    if coders and overrides is not None:
        raise UserError("give --overrides to code, or --coders (and --consensus) to adjudicate")
    if not coders and overrides is None:
        raise UserError(
            "give --overrides FILE to save your answers to, or --coders A B to adjudicate"
        )
    if consensus is not None and not coders:
        raise UserError("--consensus goes with --coders: the coders' files to adjudicate")
    if coders and blind:
        raise UserError("adjudication shows every coder's rating: --blind is for coding")
    if coders:
        check_inputs(coders)
        if len(coders) < 2:
            raise UserError("double coding needs two or more coders' files after --coders")
    machine, loaded, specs = _load(inputs, rubric, password, quiet)
    name = (reviewer or "").strip()
    if coders:
        name = name or agreers(load_coders(coders, loaded))
    bench = Workbench(
        machine,
        loaded,
        consensus if coders else overrides,
        specs,
        reviewer=name or _login().strip() or "reviewer",
        password=password,
        cache=TextCache(),
        blind=blind,
        coders=coders,
    )
    if coders and consensus is None:
        stderr.print("note: no --consensus file: the page only shows the coders' ratings")
    sock = _bind(host, port)
    token = secrets.token_urlsafe(24)
    bound = sock.getsockname()[1]
    shown = f"[{host}]" if ":" in host else host
    url = f"http://{shown}:{bound}/?token={token}"
    if not _loopback(host):
        stderr.print(
            f"[yellow]warning[/yellow]: listening on {rich_text(host)}: anyone who can reach it "
            "and learns the address can change ratings",
            soft_wrap=True,
        )
    print(f"Serving on {url} (Ctrl-C to stop)", flush=True)
    app = create_app(
        bench, token, hosts=LOOPBACK if _loopback(host) else None, timeout=timeout or None
    )
    config = uvicorn.Config(
        app,
        log_level="warning",
        access_log=False,
        lifespan="off",
        timeout_graceful_shutdown=2,
    )
    server = uvicorn.Server(config)
    try:
        with contextlib.ExitStack() as stack:
            if not no_browser:  # not the address: a browser's arguments are public
                webbrowser.open(stack.enter_context(handover(url)))
            server.run(sockets=[sock])
    except KeyboardInterrupt:
        pass
    finally:
        sock.close()
    print("Stopped.", flush=True)


def _ratings_file(path: Path) -> bool:
    """A ratings file (YAML or CSV in the overrides format), not a plan or a manifest."""
    if path.suffix.lower() not in (".yaml", ".yml", ".csv") or not path.is_file():
        return False
    from ..base.errors import RubricError
    from ..review.overrides import load_overrides

    try:
        load_overrides(path, require_reviewer=False)
    except (RubricError, UserError):
        return False
    return True


def _login() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "reviewer"


def _loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _bind(host: str, port: int) -> socket.socket:
    """A listening socket, or one line saying why not (a busy port suggests --port)."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE)
    except socket.gaierror as exc:
        raise UserError(f"cannot listen on {host!r}: {exc.strerror}") from exc
    family, kind, proto, _, address = infos[0]
    sock = socket.socket(family, kind, proto)
    if sys.platform != "win32":
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind(address)
        sock.listen(128)
    except OSError as exc:
        sock.close()
        if exc.errno == errno.EADDRINUSE:
            raise UserError(
                f"port {port} on {host} is already in use (another `serve`?); "
                f"choose another with --port, e.g. --port {port + 1 if port < 65535 else 8766}"
            ) from exc
        raise UserError(f"cannot listen on {host}:{port}: {exc.strerror}") from exc
    sock.set_inheritable(True)
    return sock


def _load(
    inputs: list[Path], rubric: str | None, password: str | None, quiet: bool
) -> tuple[Results, Rubric, list[PlanSpec]]:
    """Machine results (scored now, or read from a results file), the rubric and the plans."""
    from ..plans import discover, rubric_for
    from ..rubric import load_rubric
    from ..rubric.bundled import resolve_rubric
    from ..run import ReadOptions
    from ..run.paths import results_or_scored

    results, found = results_or_scored(
        inputs, rubric=rubric, read=ReadOptions(password=password), **told(quiet)
    )
    if found is not None:
        loaded = load_rubric(resolve_rubric(rubric or results.rubric.id))
        if loaded.id != results.rubric.id:
            raise UserError(f"{found} was scored with rubric {results.rubric.id}, not {loaded.id}")
        return results, loaded, _specs_of(results, found.parent)
    print_errors(results.errors)
    if not results.plans:
        raise typer.Exit(ExitCode.INPUT_ERRORS)
    loaded = load_rubric(rubric_for(inputs, rubric))
    specs, _ = discover(inputs)
    scored = {p.id for p in results.plans}
    return results, loaded, [s for s in specs if s.id in scored]


def _specs_of(results: Results, base: Path) -> list[PlanSpec]:
    """The documents of a results file that are still where they were (or beside it)."""
    from ..plans import PlanSpec

    specs = []
    for plan in results.plans:
        paths = []
        for document in plan.documents:
            path = Path(document.path)
            if not path.is_file() and not path.is_absolute():
                path = base / document.path
            paths.append(path if path.is_file() else None)
        if all(p is not None for p in paths) and paths:
            specs.append(PlanSpec(plan.id, plan.title, [p for p in paths if p is not None]))
    return specs
