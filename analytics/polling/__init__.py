"""Polling analytics for notebooks and pages: survey designs and estimates, raking, IKM.

>>> from analytics.polling import Design, rake, ikm, krejcie_morgan
"""

from analytics.polling.crosstab import CrossTab
from analytics.polling.design import Design
from analytics.polling.estimate import Domains, Estimate
from analytics.polling.ikm import IkmResult, ikm, ikm_by_unit, krejcie_morgan
from analytics.polling.rake import RakeResult, Trim, rake

__all__ = [
    "CrossTab",
    "Design",
    "Domains",
    "Estimate",
    "IkmResult",
    "RakeResult",
    "Trim",
    "ikm",
    "ikm_by_unit",
    "krejcie_morgan",
    "rake",
]
