"""Allow `python -m ivig_kg`."""

from ivig_kg.cli import main

main(prog_name="ivig-kg")
