"""The shipped grading presets: one TOML file per government\x27s rule, each citing its source."""
