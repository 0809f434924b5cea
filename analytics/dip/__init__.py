"""DIP classification: topic and legal-category suggestions the PPID reviews."""

from analytics.dip.model import DipClassifier

__all__ = ["DipClassifier"]
