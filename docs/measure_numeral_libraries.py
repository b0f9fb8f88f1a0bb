"""Measure Chinese-numeral readers on PyPI against our grammar (README: "Figures: how numbers are read").

Run with the libraries installed in a scratch environment (they are not project dependencies):
``pip install cn2an pycnnum && python docs/measure_numeral_libraries.py``. The cases are our own
numeral forms as news copy writes them (no units).
"""

from dashboard.pipeline.figures.numerals import parse_number

CASES = [
    ("零点五", 0.5),
    ("一点五亿", 1.5e8),
    ("2万3500", 23500),
    ("3万4000", 34000),
    ("三兆二千亿", 3.2e12),
    ("一八九四万", 1.894e7),
    ("六六七点六万", 6.676e6),
    ("十四点四九五亿", 1.4495e9),
    ("1954万8531", 19548531),
    ("卅八", 38),
    ("二十八点零七二", 28.072),
    ("十万四三四八", 104348),
    ("三千四百五", 3450),
    ("两万六", 26000),
    ("一亿零三千四百", 100003400),
    ("一万零九百", 10900),
    ("三点二万亿", 3.2e12),
    ("1.2万亿", 1.2e12),
    ("三万五千亿", 3.5e12),
    ("千亿", 1e11),
    ("三千零五", 3005),
    ("〇点二九", 0.29),
    ("四五八", 458),
    ("25亿9187.9万", 2591879000),
    ("1903万770", 19030770),
    ("12万8千", 128000),
    ("壹万贰仟", 12000),
    ("二百零九点一六亿", 2.0916e10),
    ("四千五百五十六点四六亿", 4.55646e11),
    ("一七二三亿", 1.723e11),
    ("廿五", 25),
    ("两", 2),
    ("十五", 15),
    ("一百零八", 108),
    ("九百万", 9e6),
    ("十三万", 130000),
    ("三十万", 300000),
    ("一千二百三十四", 1234),
    ("5千", 5000),
    ("1,000亿", 1e11),
]


def run(name: str, fn) -> None:
    """Print how many cases ``fn`` reads right, wrong (a plausible wrong value) or not at all."""
    ok = wrong = err = 0
    bad = []
    for s, v in CASES:
        try:
            got = fn(s)
        except Exception:  # noqa: BLE001 - a library that raises reads the case as nothing
            err += 1
            bad.append((s, "error"))
            continue
        if got is not None and abs(float(got) - v) <= 1e-6 * max(1, abs(v)):
            ok += 1
        else:
            wrong += 1
            bad.append((s, got))
    print(f"{name}: right {ok}/{len(CASES)}, wrong {wrong}, error {err}")
    print("   ", bad[:12])


if __name__ == "__main__":
    run("ours", lambda s: parse_number(s)[0])
    try:
        import cn2an

        run("cn2an strict", lambda s: cn2an.cn2an(s, "strict"))
        run("cn2an smart", lambda s: cn2an.cn2an(s, "smart"))
    except ImportError as e:
        print(e)
    try:
        import pycnnum

        run("pycnnum", lambda s: pycnnum.cn2num(s))
    except ImportError as e:
        print("pycnnum", e)
