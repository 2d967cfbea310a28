"""The one exception type for input that cannot be used at all (exit code 2, one line), in vi and en.

An error carries data, not words: a message template in English (the catalogue key, as gettext uses
its msgid) and the named values that fill it, or the finding it stands for. The CLI asks for the
text in the user's language (`text(lang)`); the Vietnamese templates are in `cltrack.messages`.
An error about a parameter names it in `option=` by its library name ('level', 'as_of'); the library
says that name, the CLI says its flag (`text(lang, flag=...)` gives '--level', '--as-of').
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from cltrack.i18n import Lang, label

if TYPE_CHECKING:  # pragma: no cover
    from cltrack.models import Finding


class CltrackError(Exception):
    """Input that cannot be read at all: missing file, unknown plan, invalid plan file.

    `CltrackError("{path}: plan file not found", path=p)`: the template is English, its Vietnamese
    twin is looked up by the same text; `CltrackError.of(finding)` stands for a finding, whose
    words (in the asked language) fill `{finding}` in a template given with `finding=`. The CLI
    prints `cltrack: error: <message>` (Vietnamese: `cltrack: lỗi: ...`) and exits with `exit_code`.
    """

    def __init__(self, template: str, exit_code: int = 2, /, *, finding: Finding | None = None, **values: object) -> None:
        self.template, self.values, self.finding, self.exit_code = template, values, finding, exit_code
        super().__init__(self.text("en"))

    @classmethod
    def of(cls, finding: Finding, exit_code: int = 2) -> CltrackError:
        """The error that a finding (an unusable file, a plan that does not lint) stands for."""
        return cls("{finding}", exit_code, finding=finding)

    def text(self, lang: Lang = "en", flag: Callable[[str], str] | None = None) -> str:
        """The message in `lang` (English when no Vietnamese template is known); `flag` says an `option` as the caller's flag."""
        values = dict(self.values)
        if flag is not None and isinstance(values.get("option"), str):
            values["option"] = flag(str(values["option"]))
        if self.finding is not None:  # the finding's own words, in `lang`, fill {finding}
            values["finding"] = finding_text(self.finding, lang)
        from cltrack.messages import VI, said

        template = VI.get(self.template, self.template) if lang == "vi" else self.template
        for key, value in values.items():  # a tuple of choices reads 'a, b or c'; words inside a sentence in Vietnamese too
            if isinstance(value, CltrackError):  # an error inside another ('FILE, line 3: <error>') in the same language
                values[key] = value.text(lang, flag)
            elif lang == "vi" and (key == "level" or key.endswith("_level")) and label(f"level.{value}", "vi") != f"level.{value}":
                values[key] = label(f"level.{value}", "vi")  # 'xã', not 'commune'
            else:
                values[key] = said(value, lang)
        return template.format(**values) if values else template


def finding_text(finding: Finding, lang: Lang) -> str:
    """'where: message (code)': a finding said as the one line of an error (file:line:col for a plan file)."""
    from cltrack.findings import location, message

    if "col" in finding.args:  # a plan file's finding: file:line:col, as editors jump to it
        where = ":".join(str(x) for x in (finding.file, finding.row, finding.args["col"]) if x is not None)
    else:
        where = location(finding)
    return f"{where + ': ' if where else ''}{message(finding, lang)} ({finding.code})"
