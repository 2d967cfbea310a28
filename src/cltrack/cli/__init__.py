"""Command-line interface: a thin typer layer over the cltrack library.

`_app.COMMANDS` names every command and the module that defines it; a module is imported only when
its command runs, so `cltrack --help` and the plan commands start at about the cost of importing
typer. No module here imports pandas or openpyxl at module level.
"""

import sys
import warnings

from cltrack.cli._app import app


def main() -> None:
    """Entry point of the `cltrack` console script: Ctrl-C is exit 130 and a stdout that fails is exit 2, one line each."""
    _safe_streams()
    warnings.showwarning = _warning_line
    code: int | str | None = 0
    try:
        try:
            app()
        except SystemExit as exc:
            code = exc.code
        sys.stdout.flush()  # buffered output meets a full disk or /dev/full here, not at interpreter exit
    except KeyboardInterrupt:
        from cltrack.cli._app import INTERRUPTED, user_lang

        sys.stderr.write(INTERRUPTED[user_lang()] + "\n")
        code = 130
    except OSError as exc:
        if code in (0, 1, None):  # not yet said: a failed command has said why already
            from cltrack.cli._app import PREFIX, user_lang
            from cltrack.errors import CltrackError
            from cltrack.outputs import reason

            lang = user_lang()
            sys.stderr.write(PREFIX[lang] + CltrackError("cannot write to standard output: {reason}", reason=reason(exc)).text(lang) + "\n")
            code = 2
        _silence_stdout()
    _exit(code)


def _exit(code: int | str | None) -> None:
    """Exit with `code`. When nothing is left to run at exit (no atexit callback, no other thread), the interpreter's
    teardown of every module and object is skipped (os._exit after flushing the streams): a sixth of a plan command."""
    import atexit
    import threading

    if isinstance(code, int | None) and atexit._ncallbacks() == 0 and threading.active_count() == 1:
        import os

        for stream in (sys.stdout, sys.stderr):  # what teardown would flush (stdout is flushed already unless Ctrl-C)
            try:
                stream.flush()
            except (OSError, ValueError):  # a closed or broken stream: nothing more can be said there
                pass
        os._exit(code or 0)
    sys.exit(code)


def _safe_streams() -> None:
    """Make stdout and stderr never fail on a character their encoding lacks (a Windows-1258 console)."""
    for stream in (sys.stdout, sys.stderr):
        encoding = (getattr(stream, "encoding", None) or "").lower().replace("_", "-")
        if encoding not in ("utf-8", "utf8") and hasattr(stream, "reconfigure"):
            try:
                stream.reconfigure(errors="backslashreplace")
            except (ValueError, OSError):  # a detached or closed stream: nothing to set
                pass


def _warning_line(message: Warning | str, category: type[Warning], filename: str, lineno: int, file: object = None, line: str | None = None) -> None:
    """A warning as one line on stderr in the user's language: `cltrack: cảnh báo: ...` / `cltrack: warning: ...`
    (no source line); cltrack's own warnings carry their Vietnamese (`vi`), a library's English goes behind a label."""
    from cltrack.cli._app import user_lang
    from cltrack.safetext import shown

    if user_lang() == "en":
        sys.stderr.write(f"cltrack: warning: {shown(str(message), 2000)}\n")
        return
    from cltrack.syserrors import FROM_LIBRARY

    vi = getattr(message, "vi", None)
    text = vi if isinstance(vi, str) else f"một thư viện cảnh báo ({FROM_LIBRARY}: {message})"
    sys.stderr.write(f"cltrack: cảnh báo: {shown(text, 2000)}\n")


def _silence_stdout() -> None:
    """Point stdout at /dev/null so the interpreter's last flush does not fail again."""
    import os

    try:
        sys.stdout = open(os.devnull, "w")  # noqa: SIM115 - closed by the interpreter at exit
    except OSError:
        pass


__all__ = ["app", "main"]
