"""Operations commands: migrations, development keys, demo data (python -m ops --help)."""
