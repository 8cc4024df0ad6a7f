"""Grading: how a plan's indicators are judged, and what the judgement holds.

The grade scale (:class:`GradeScale`) says which grades there are, their order,
thresholds, scores and colours; every module that gives or counts grades asks it.
"""

from kpiplan.grading._scale import DEFAULT_GRADE_SCALE, NO_GRADE, Grade, GradeScale

__all__ = ["DEFAULT_GRADE_SCALE", "NO_GRADE", "Grade", "GradeScale"]
