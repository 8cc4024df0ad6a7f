"""Zip archives for workbooks: written byte for byte the same, read within limits.

openpyxl stamps every zip member with the current time and copies write-only sheets
from temporary files (whose mtime it also records), so two saves of one workbook
differ. :class:`FixedZipFile` pins every member's date, permissions and creating
system. :func:`check_archive` looks at a workbook's zip directory before anything
parses it, so that a zip bomb is refused instead of filling memory.
"""

from __future__ import annotations

import shutil
import zipfile
from pathlib import Path
from typing import IO, Any, Final

from kpiplan import PlanFileError

__all__ = [
    "FIXED_DATE_TIME",
    "MAX_COMPRESSION_RATIO",
    "MAX_MEMBERS",
    "MAX_UNCOMPRESSED_BYTES",
    "FixedZipFile",
    "check_archive",
]

FIXED_DATE_TIME: Final = (1980, 1, 1, 0, 0, 0)
"""The date every member is stamped with (the earliest a zip can hold)."""

MAX_MEMBERS: Final = 10_000
"""A workbook with more zip members than this is refused (ours have about 20)."""

MAX_UNCOMPRESSED_BYTES: Final = 4 * 1024**3
"""Default of :func:`check_archive`: refuse workbooks whose members add up to more
than this once unpacked (4 GiB). ``kpiplan.load`` passes ``Limits.max_workbook_bytes``
instead."""

MAX_COMPRESSION_RATIO: Final = 200
"""Refuse a member that unpacks to more than this many times its packed size
(sheet XML packs 10-40 times; zip bombs pack thousands of times)."""

#: Members smaller than this are not held to the ratio (tiny files pack oddly).
_RATIO_FLOOR = 1024 * 1024


class FixedZipFile(zipfile.ZipFile):
    """A ZipFile whose members carry a fixed date and mode, for reproducible bytes."""

    def _fixed_info(self, name: str) -> zipfile.ZipInfo:
        info = zipfile.ZipInfo(name, date_time=FIXED_DATE_TIME)
        info.compress_type = zipfile.ZIP_DEFLATED
        info.create_system = 3  # Unix, whatever the platform writing it
        info.external_attr = 0o644 << 16
        return info

    def writestr(
        self,
        zinfo_or_arcname: str | zipfile.ZipInfo,
        data: Any,
        compress_type: int | None = None,
        compresslevel: int | None = None,
    ) -> None:
        """Write a member from memory, stamped with the fixed date."""
        name = (
            zinfo_or_arcname.filename
            if isinstance(zinfo_or_arcname, zipfile.ZipInfo)
            else zinfo_or_arcname
        )
        super().writestr(self._fixed_info(name), data)

    def write(
        self,
        filename: Any,
        arcname: Any = None,
        compress_type: int | None = None,
        compresslevel: int | None = None,
    ) -> None:
        """Copy a file into the archive in chunks, stamped with the fixed date."""
        name = str(arcname if arcname is not None else filename)
        info = self._fixed_info(name)
        source: IO[bytes]
        with open(filename, "rb") as source, self.open(info, "w", force_zip64=True) as target:
            shutil.copyfileobj(source, target, 1024 * 1024)


def check_archive(
    path: Path,
    *,
    max_members: int = MAX_MEMBERS,
    max_uncompressed: int = MAX_UNCOMPRESSED_BYTES,
    max_ratio: int = MAX_COMPRESSION_RATIO,
    size_hint: str = "total uncompressed size",
) -> None:
    """Refuse a workbook that is no zip, or would unpack past the limits.

    The sizes checked are the ones the zip directory declares; Python's zipfile
    never unpacks more than a member's declared size (and checks its CRC), so a
    lying directory cannot get past these checks either.

    Args:
        path: The workbook.
        max_members: Most zip members allowed.
        max_uncompressed: Most bytes all members may unpack to.
        max_ratio: Highest unpacked-to-packed ratio of a member over 1 MiB.
        size_hint: Names the size limit (and how to raise it) in its error.

    Raises:
        PlanFileError: The file is missing, no zip (so no .xlsx), or breaks a
            limit; the message names the limit and how far it was exceeded.
    """
    source = str(path)
    try:
        with zipfile.ZipFile(path) as archive:
            members = archive.infolist()
    except FileNotFoundError:
        raise PlanFileError(source, "no such file") from None
    except OSError as exc:
        raise PlanFileError(source, exc.strerror or str(exc)) from None
    except zipfile.BadZipFile as exc:
        raise PlanFileError(
            source, f"not an Excel workbook (.xlsx is a zip archive): {exc}"
        ) from None
    if len(members) > max_members:
        raise PlanFileError(
            source,
            f"the workbook holds {len(members):,} zip members, over the limit of "
            f"{max_members:,} (member count); refusing to open it",
        )
    total = 0
    for member in members:
        total += member.file_size
        if member.file_size > _RATIO_FLOOR:
            packed = max(member.compress_size, 1)
            ratio = member.file_size / packed
            if ratio > max_ratio:
                raise PlanFileError(
                    source,
                    f"zip member {member.filename} unpacks {ratio:,.0f} times its packed "
                    f"size, over the limit of {max_ratio} (compression ratio); this "
                    "looks like a zip bomb",
                )
    if total > max_uncompressed:
        raise PlanFileError(
            source,
            f"the workbook unpacks to {total:,} bytes, over the limit of "
            f"{max_uncompressed:,} ({size_hint}); refusing to open it",
        )
