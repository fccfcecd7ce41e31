"""Shared helpers for the CNN-LSTM and TimeDistributed course.

Import the module you need, for example ``from tutorial_utils import data``. This file
imports nothing heavy on purpose: preparing data must not start TensorFlow.
"""

from __future__ import annotations

__version__ = "0.1.0"
