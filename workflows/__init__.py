"""SOP definitions, the working-time calendar, storage and the record engine (no Streamlit)."""
