"""Colours for a choropleth: five equal-width classes between the lowest and the
highest value shown, coloured from worst to best whichever way the measure runs.

The palette is ColorBrewer's RdYlBu (readable with the common colour-vision
deficiencies): red is the worst class, blue the best; grids without a value are grey.
"""

CLASSES = 5
WORST_TO_BEST = ["#d7191c", "#fdae61", "#ffffbf", "#abd9e9", "#2c7bb6"]
NO_DATA = "#c8ccd2"


def classify(values, higher_is_better=True):
    """Colour each value and describe the legend.

    ``values`` maps a key to a number or None. Returns ``(colours, legend)``:
    ``colours`` maps every key to a colour, ``legend`` lists the classes from the
    lowest values up as ``{"low", "high", "colour"}``.
    """
    present = [v for v in values.values() if v is not None]
    if not present:
        return {key: NO_DATA for key in values}, []
    low, high = min(present), max(present)
    palette = WORST_TO_BEST if higher_is_better else WORST_TO_BEST[::-1]
    if low == high:
        # One value for every grid: nothing is better or worse; use the middle.
        middle = WORST_TO_BEST[CLASSES // 2]
        colours = {k: NO_DATA if v is None else middle for k, v in values.items()}
        return colours, [{"low": low, "high": high, "colour": middle}]
    width = (high - low) / CLASSES

    def index(value):
        return min(int((value - low) / width), CLASSES - 1)

    colours = {
        key: NO_DATA if value is None else palette[index(value)]
        for key, value in values.items()
    }
    legend = [
        {
            "low": low + n * width,
            "high": high if n == CLASSES - 1 else low + (n + 1) * width,
            "colour": palette[n],
        }
        for n in range(CLASSES)
    ]
    return colours, legend
