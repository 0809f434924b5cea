"""Analytics over Lentera's data: polling, DIP classification, compliance and reports."""
