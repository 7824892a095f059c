#!/usr/bin/env python3
"""Reference indicator values from TA-Lib for Cohort's indicator tests.

Input: the first 2,000 one-minute BTC bars of
../shared/data/nautilus_trader/btc-perp-20211231-20220201_1m.csv (path given as the first argument).
Output: talib_reference.json beside this script: the OHLCV series and every indicator's outputs,
NaN (warm-up) written as null. Regenerate with `pip install TA-Lib numpy` and:

    python3 Tests/IndicatorsTests/Fixtures/generate_talib.py ../shared/data/nautilus_trader/btc-perp-20211231-20220201_1m.csv
"""
import csv
import json
import math
import os
import sys

import numpy as np
import talib

BARS = 2000

def load(path):
    rows = []
    with open(path, newline="") as f:
        for row in csv.DictReader(f):
            rows.append([float(row[k]) for k in ("open", "high", "low", "close", "volume")])
            if len(rows) == BARS:
                break
    return np.array(rows, dtype=np.float64).T

def clean(values):
    return [None if math.isnan(v) else float(v) for v in values]

def vwap_session(h, l, c, v, session):
    out, pv, vol = [], 0.0, 0.0
    for i in range(len(c)):
        if i % session == 0:
            pv, vol = 0.0, 0.0
        tp = (h[i] + l[i] + c[i]) / 3.0
        pv += tp * v[i]
        vol += v[i]
        out.append(pv / vol if vol > 0 else float("nan"))
    return out

def vwap_rolling(h, l, c, v, window):
    out = []
    for i in range(len(c)):
        if i + 1 < window:
            out.append(float("nan"))
            continue
        pv = sum((h[j] + l[j] + c[j]) / 3.0 * v[j] for j in range(i + 1 - window, i + 1))
        vol = sum(v[j] for j in range(i + 1 - window, i + 1))
        out.append(pv / vol if vol > 0 else float("nan"))
    return out

def main():
    o, h, l, c, v = load(sys.argv[1])
    upper, middle, lower = talib.BBANDS(c, timeperiod=20, nbdevup=2.0, nbdevdn=2.0, matype=0)
    width = upper - lower
    percent_b = np.where(width != 0, (c - lower) / np.where(width != 0, width, 1), 0.0)
    bandwidth = width / middle
    macd, signal, hist = talib.MACD(c, fastperiod=12, slowperiod=26, signalperiod=9)
    slowk, slowd = talib.STOCH(h, l, c, fastk_period=5, slowk_period=3, slowk_matype=0, slowd_period=3, slowd_matype=0)
    reference = {
        "source": "TA-Lib " + talib.__ta_version__.decode().split(" ")[0] + " via the TA-Lib Python package " + talib.__version__,
        "bars": {"open": o.tolist(), "high": h.tolist(), "low": l.tolist(), "close": c.tolist(), "volume": v.tolist()},
        "indicators": {
            "sma": {"parameters": [20], "outputs": {"value": clean(talib.SMA(c, timeperiod=20))}},
            "ema": {"parameters": [20], "outputs": {"value": clean(talib.EMA(c, timeperiod=20))}},
            "rsi": {"parameters": [14], "outputs": {"value": clean(talib.RSI(c, timeperiod=14))}},
            "macd": {"parameters": [12, 26, 9], "outputs": {"macd": clean(macd), "signal": clean(signal), "histogram": clean(hist)}},
            "bollinger": {"parameters": [20, 2], "outputs": {"middle": clean(middle), "upper": clean(upper), "lower": clean(lower),
                                                            "percent_b": clean(np.where(np.isnan(middle), np.nan, percent_b)),
                                                            "bandwidth": clean(bandwidth)}},
            "stochastic": {"parameters": [5, 3, 3], "outputs": {"k": clean(slowk), "d": clean(slowd)}},
            "atr": {"parameters": [14], "outputs": {"value": clean(talib.ATR(h, l, c, timeperiod=14))}},
            "vwap": {"parameters": [390], "outputs": {"value": clean(vwap_session(h, l, c, v, 390))}},
            "vwap_rolling": {"parameters": [0, 30], "outputs": {"value": clean(vwap_rolling(h, l, c, v, 30))}},
        },
    }
    out = os.path.join(os.path.dirname(os.path.abspath(__file__)), "talib_reference.json")
    with open(out, "w") as f:
        json.dump(reference, f, separators=(",", ":"))
    print(f"wrote {out}: {BARS} bars, {len(reference['indicators'])} indicators")

if __name__ == "__main__":
    main()
