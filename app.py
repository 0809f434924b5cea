"""Lentera: the Streamlit entry point (the frame and menu live in ``ui/shell.py``).

Run with ``streamlit run app.py -- --db data/lentera.duckdb`` (or set ``LENTERA_DB``).
"""

from ui.shell import main

main()
