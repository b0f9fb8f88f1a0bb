"""Script conversion and detection: simplified vs traditional Chinese, and English."""

from __future__ import annotations

from functools import cache

import opencc


@cache
def _converter(config: str) -> opencc.OpenCC:
    return opencc.OpenCC(config)


def to_simplified(text: str) -> str:
    """Traditional (Taiwan/HK) → simplified with mainland vocabulary (晶片→芯片, 輝達→英伟达).

    Applied once per paragraph: this is the canonical form every analyser counts on.
    """
    return _converter("tw2sp").convert(text)
