"""Streamlit glue shared by the pages: session login, page guards, labels and formatting."""
