"""The allocation rules as pure functions over plain data: no I/O, no database, no clock."""
