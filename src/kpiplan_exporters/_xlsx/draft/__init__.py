"""The draft workbook: a new plan written in Excel (``kpiplan new plan.xlsx``).

``layout`` holds what the writer and the reader agree on, ``writer`` writes a blank
or prefilled workbook, ``reader`` reads a filled one as a plan.
"""
