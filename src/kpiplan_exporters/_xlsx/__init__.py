"""The ``xlsx`` exporter's and reader's internals, one module per concern.

``layout`` is what the writer and the reader agree on (names, labels, cell texts;
no openpyxl); ``archive`` the deterministic zip and the reader's size checks;
``book`` the workbook's styles and cells; ``row_xml`` the rows (and merges)
written as the text openpyxl would write; one module per sheet (``summary_sheet``,
``indicator_sheet``, ``budget_sheet``, ``activity_sheets``, ``data_sheet``,
``chart_sheet``); ``writer`` puts them together with the hidden plan sheet.
Reading back: ``reader`` opens the file and the hidden plan, ``edits`` applies the
edited 指標 cells to it, ``typed_cells`` reads each cell into the model's values.

Names shared between these modules carry no leading underscore: the package's own
name (``_xlsx``) already says they are private.
"""
