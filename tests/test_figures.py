"""Figures drawn from data: axis labels a reader can read."""

from __future__ import annotations

import re

from explainer.pages.figures import draw_curve, power_of_ten


def test_powers_of_ten_are_written_with_superscript_exponents() -> None:
    assert [power_of_ten(p) for p in (0, 3, 6, 11, -2)] == ["1", "1000", "10⁶", "10¹¹", "10⁻²"]


def test_a_log_axis_labels_every_power_of_ten_in_range() -> None:
    data = {"scale": 8.8e13, "exponent": 0.076, "x_min": 1e6, "x_max": 1e11, "y_min": 1.5, "y_max": 4.5,
            "y_step": 0.5, "x_label": "N", "y_label": "loss"}
    labels = re.findall(r'class="fig-text">([^<]*)</text>', "".join(draw_curve(data, "f")))
    assert labels[:6] == ["10⁶", "10⁷", "10⁸", "10⁹", "10¹⁰", "10¹¹"]
    assert not any("^" in label for label in labels)
