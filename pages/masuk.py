"""Masuk: the login page, the only page an anonymous visitor is offered.

A file in ``pages/`` rather than a function so that ``/masuk`` also exists while a fresh server is
in Streamlit's legacy ``pages/`` mode (otherwise the first visit shows "Page not found").
"""

from __future__ import annotations

import streamlit as st

from ui.guard import require_login

require_login()  # anonymous: shows the login form and stops here
st.switch_page("pages/beranda.py")
