"""Survey columns as they are written, before typing: numbers where the file typed the column as numbers,
else a code per row into the column's distinct values. Built from Arrow columns (csv, Parquet) without a
pandas frame of the whole file, or from a workbook's pandas columns; `survey_values` types both alike."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # pragma: no cover
    import numpy as np
    import pandas as pd


@dataclass
class RawColumn:
    """One column: `numbers` when typed as numbers (float64 with NaN blank, or whole numbers as the file holds
    them when none is blank), else `codes` (-1 blank) into `values`."""

    numbers: np.ndarray | None = None
    codes: np.ndarray | None = None
    values: list[Any] = field(default_factory=list)

    def __len__(self) -> int:
        """Number of rows."""
        return len(self.numbers) if self.numbers is not None else len(self.codes) if self.codes is not None else 0

    def value(self, row: int) -> object:
        """The cell of one row as written (None when blank), for a message."""
        if self.numbers is not None:
            return float(self.numbers[row])
        assert self.codes is not None
        code = int(self.codes[row])
        return self.values[code] if code >= 0 else None

    def distinct(self) -> tuple[np.ndarray, list[Any]]:
        """A code per row (-1 blank) and the distinct values (numbers hashed once, never sorted)."""
        if self.codes is not None:
            return self.codes, self.values
        import numpy as np
        import pandas as pd

        codes, uniques = pd.factorize(np.asarray(self.numbers), use_na_sentinel=True)
        return codes, list(uniques)

    def each(self, func: Callable[[object], Any], dtype: Any) -> np.ndarray:
        """`func` applied once per distinct value (`func(None)` for a blank), spread back over the rows."""
        import numpy as np

        codes, values = self.distinct()
        mapped = np.array([func(v) for v in values] + [func(None)], dtype=dtype)
        return mapped[codes]

    def categorical(self, func: Callable[[object], Any]) -> pd.Categorical:
        """`func` applied once per distinct value, as a categorical (None from `func` = missing)."""
        import numpy as np
        import pandas as pd

        codes, values = self.distinct()
        mapped = pd.Categorical([func(v) for v in values])
        lookup = np.append(mapped.codes, -1).astype(mapped.codes.dtype)  # code -1 (missing) maps to the appended -1
        return pd.Categorical.from_codes(lookup[codes], categories=mapped.categories)


@dataclass
class RawTable:
    """The needed columns of one file by column code, and its number of data rows."""

    columns: dict[str, RawColumn]
    rows: int


def from_arrow(table: Any) -> RawTable:
    """An Arrow table's columns: integer and float columns as numbers (nulls NaN), text and yes/no columns
    as dictionary codes (every chunk's dictionary unified), anything else through pandas."""
    return RawTable({name: _arrow_column(table.column(name)) for name in table.column_names}, table.num_rows)


def _arrow_column(col: Any) -> RawColumn:
    """One Arrow column (chunked) as a RawColumn."""
    import numpy as np
    import pyarrow as pa
    import pyarrow.compute as pc

    kind = col.type
    if pa.types.is_integer(kind) or pa.types.is_floating(kind):
        if pa.types.is_integer(kind) and not col.null_count:
            return RawColumn(numbers=col.to_numpy())  # whole numbers stay whole: no float copy of the column
        return RawColumn(numbers=pc.fill_null(pc.cast(col, pa.float64()), float("nan")).to_numpy())
    if pa.types.is_boolean(kind):
        codes = pc.fill_null(pc.cast(col, pa.int8()), -1).to_numpy() if len(col) else np.zeros(0, dtype="int8")
        return RawColumn(codes=codes, values=[np.False_, np.True_])  # as pandas gives them
    if pa.types.is_string(kind) or pa.types.is_large_string(kind) or (
            pa.types.is_dictionary(kind) and (pa.types.is_string(kind.value_type) or pa.types.is_large_string(kind.value_type))):
        if not pa.types.is_dictionary(kind):
            col = pc.dictionary_encode(col)
        col = col.unify_dictionaries()
        if not col.num_chunks:
            return RawColumn(codes=np.zeros(0, dtype="int32"), values=[])
        codes = np.concatenate([(pc.fill_null(c.indices, -1) if c.null_count else c.indices).to_numpy() for c in col.chunks])
        return RawColumn(codes=codes, values=col.chunks[0].dictionary.to_pylist())
    return from_series(col.to_pandas())  # dates, decimals, an all-blank column: as pandas sees them


def from_frame(frame: pd.DataFrame) -> RawTable:
    """A pandas frame's columns (a workbook's cells)."""
    return RawTable({str(c): from_series(frame[c]) for c in frame.columns}, len(frame))


def from_series(series: pd.Series) -> RawColumn:
    """One pandas column: numeric (not yes/no) dtypes as numbers, the rest as codes into distinct values."""
    import numpy as np
    import pandas as pd

    if pd.api.types.is_numeric_dtype(series.dtype) and not pd.api.types.is_bool_dtype(series.dtype):
        return RawColumn(numbers=series.to_numpy(dtype="float64", na_value=np.nan))
    if isinstance(series.dtype, pd.CategoricalDtype):
        return RawColumn(codes=series.cat.codes.to_numpy(), values=list(series.cat.categories))
    codes, uniques = pd.factorize(series, use_na_sentinel=True)
    return RawColumn(codes=codes, values=list(uniques))
