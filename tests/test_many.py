"""Many plans at once: folder discovery, the process pool, order, errors and keep-going."""

from __future__ import annotations

import concurrent.futures
import pickle
import shutil
import sys
from pathlib import Path
from typing import Any

import pytest

import kpiplan
from kpiplan import PlanFailure, PlanFileError, PlansError, ValidationError

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "digital_tokushima.toml"
BAD = ROOT / "tests" / "data" / "bad"
sys.path.insert(0, str(ROOT / "benchmarks"))

from generate import synthetic_plan  # noqa: E402


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """A folder of two good plans, one invalid, one unreadable, and files that are no plans."""
    shutil.copy(EXAMPLE, tmp_path / "b_tokushima.toml")
    kpiplan.dump(synthetic_plan(40, seed=3), tmp_path / "a_synthetic.json")
    shutil.copy(BAD / "dates.toml", tmp_path / "c_dates.toml")
    shutil.copy(BAD / "truncated.json", tmp_path / "d_truncated.json")
    (tmp_path / "notes.txt").write_text("not a plan", encoding="utf-8")
    (tmp_path / ".hidden.toml").write_text("broken = ", encoding="utf-8")
    (tmp_path / "~$plan.xlsx").write_bytes(b"lock")
    (tmp_path / "sub").mkdir()
    shutil.copy(EXAMPLE, tmp_path / "sub" / "nested.toml")
    return tmp_path


class TestDiscovery:
    """A folder stands for the plan files directly in it, sorted by name."""

    def test_folder_gives_plan_files_sorted(self, folder: Path) -> None:
        """Only .json/.toml/.xlsx files, not hidden or lock files, not sub-folders."""
        names = [path.name for path in kpiplan.find_plan_files(folder)]
        assert names == ["a_synthetic.json", "b_tokushima.toml", "c_dates.toml", "d_truncated.json"]

    def test_suffixes_include_registered_readers(self) -> None:
        """The xlsx reader kpiplan registers makes .xlsx a plan suffix."""
        from kpiplan._many import plan_suffixes

        assert plan_suffixes() == (".json", ".toml", ".xlsx")

    def test_files_keep_the_order_given(self, folder: Path) -> None:
        """Files named one by one keep their order; a repeated one is read once."""
        given = [
            folder / "b_tokushima.toml",
            folder / "a_synthetic.json",
            folder / "b_tokushima.toml",
        ]
        assert kpiplan.find_plan_files(given) == tuple(given[:2])

    def test_missing_path_and_empty_folder_are_errors(self, tmp_path: Path) -> None:
        """A path that does not exist, or a folder without plans, is named in the error."""
        with pytest.raises(PlanFileError, match="no such file or folder") as missing:
            kpiplan.find_plan_files(tmp_path / "nowhere")
        assert missing.value.source == str(tmp_path / "nowhere")
        with pytest.raises(PlanFileError, match="holds no plan file"):
            kpiplan.find_plan_files(tmp_path)


class TestLoadMany:
    """load_many reads and evaluates every plan, in the input's order."""

    @pytest.mark.parametrize("jobs", [1, 2])
    def test_bad_files_all_reported_at_once(self, folder: Path, jobs: int) -> None:
        """Without keep_going, every bad file is in one error, each with its file."""
        with pytest.raises(PlansError) as caught:
            kpiplan.load_many(folder, jobs=jobs)
        failures = caught.value.failures
        assert [f.path.name for f in failures] == ["c_dates.toml", "d_truncated.json"]
        assert isinstance(failures[0].error, ValidationError)
        assert isinstance(failures[1].error, PlanFileError)
        message = str(caught.value)
        assert message.startswith("2 plan files could not be read")
        assert "c_dates.toml" in message
        assert "month 13 is not a month" in message
        assert "d_truncated.json" in message

    @pytest.mark.parametrize("jobs", [1, 2])
    def test_keep_going_skips_and_reports(self, folder: Path, jobs: int) -> None:
        """With keep_going, the good plans come back and the bad ones are listed."""
        plans = kpiplan.load_many(folder, jobs=jobs, keep_going=True)
        assert [r.path.name for r in plans] == ["a_synthetic.json", "b_tokushima.toml"]
        assert [f.path.name for f in plans.failures] == ["c_dates.toml", "d_truncated.json"]
        assert plans.results[1].plan == kpiplan.load(EXAMPLE)

    def test_pool_gives_what_one_process_gives(self, folder: Path) -> None:
        """The evaluations from worker processes equal those made in this process."""
        pooled = kpiplan.load_many(folder, jobs=2, keep_going=True)
        alone = kpiplan.load_many(folder, jobs=1, keep_going=True)
        assert pooled.records() == alone.records()
        assert [f.message for f in pooled.failures] == [f.message for f in alone.failures]

    def test_order_of_input_whatever_finishes_first(self, tmp_path: Path) -> None:
        """A slow first plan still comes first; the given order is kept, not sorted."""
        kpiplan.dump(synthetic_plan(600, seed=1), tmp_path / "slow.json")
        small = []
        for number in range(6):
            path = tmp_path / f"small{number}.toml"
            shutil.copy(EXAMPLE, path)
            small.append(path)
        given = [tmp_path / "slow.json", *reversed(small)]
        plans = kpiplan.load_many(given, jobs=2)
        assert [r.path for r in plans] == given
        assert len(list(plans.results[0].plan.indicators())) == 600

    def test_jobs_use_a_process_pool(self, folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
        """jobs=2 starts two worker processes; jobs=1 starts none."""
        started: list[int] = []
        real = concurrent.futures.ProcessPoolExecutor

        class Recording(real):  # type: ignore[misc, valid-type]
            def __init__(self, max_workers: int, **kwargs: Any) -> None:
                started.append(max_workers)
                super().__init__(max_workers, **kwargs)

        monkeypatch.setattr(concurrent.futures, "ProcessPoolExecutor", Recording)
        kpiplan.load_many(folder, jobs=2, keep_going=True)
        kpiplan.load_many(folder, jobs=1, keep_going=True)
        assert started == [2]

    def test_records_have_a_plan_column_first(self, folder: Path) -> None:
        """Each record starts with its plan's file, then the evaluation's own columns."""
        from kpiplan.grading import RECORD_FIELDS

        plans = kpiplan.load_many(folder, jobs=1, keep_going=True)
        records = plans.records()
        assert list(records[0]) == ["plan", *RECORD_FIELDS]
        assert {r["plan"] for r in records} == {str(r.path) for r in plans}
        tokushima = [r for r in records if r["plan"].endswith("b_tokushima.toml")]
        assert [{k: v for k, v in r.items() if k != "plan"} for r in tokushima] == (
            kpiplan.evaluate(kpiplan.load(EXAMPLE)).records()
        )

    def test_as_of_applies_to_every_plan_and_is_checked_once(self, folder: Path) -> None:
        """--as-of text is parsed once: a wrong year is one error, not one per plan."""
        plans = kpiplan.load_many(folder / "b_tokushima.toml", as_of="R2")
        assert plans.results[0].evaluation.as_of == kpiplan.FiscalYear(2020)
        with pytest.raises(kpiplan.FiscalYearError):
            kpiplan.load_many(folder, as_of="R99x", keep_going=True)

    def test_jobs_below_one_refused(self, folder: Path) -> None:
        """jobs=0 is a ValueError naming the value."""
        with pytest.raises(ValueError, match="jobs should be at least 1, but was 0"):
            kpiplan.load_many(folder, jobs=0)


def _indicator_count(result: kpiplan.PlanResult) -> int:
    return len(list(result.plan.indicators()))


class TestMapMany:
    """map_many brings back what a function keeps of each plan, in order."""

    @pytest.mark.parametrize("jobs", [1, 2])
    def test_values_in_order_and_failures_in_place(self, folder: Path, jobs: int) -> None:
        """Each file comes with the function's value, or its failure, in input order."""
        got = list(kpiplan.map_many(_indicator_count, folder, jobs=jobs))
        assert [path.name for path, _ in got] == [
            "a_synthetic.json",
            "b_tokushima.toml",
            "c_dates.toml",
            "d_truncated.json",
        ]
        assert [value for _, value in got[:2]] == [40, 13]
        assert all(isinstance(value, PlanFailure) for _, value in got[2:])


class TestPickling:
    """What crosses between processes survives pickling."""

    def test_failure_and_error_pickle(self, folder: Path) -> None:
        """A PlansError keeps its failures, each with its file and message."""
        with pytest.raises(PlansError) as caught:
            kpiplan.load_many(folder, jobs=1)
        copy = pickle.loads(pickle.dumps(caught.value))
        assert copy.failures == caught.value.failures
        assert str(copy) == str(caught.value)
        assert isinstance(copy.failures[0], PlanFailure)
