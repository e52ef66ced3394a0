"""Analysis for industrial site selection in Gilan: takes and returns GeoDataFrames, arrays, dataclasses."""
