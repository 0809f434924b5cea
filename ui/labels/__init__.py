"""Interface labels by area: each module maps a key to (Bahasa Indonesia, English)."""
