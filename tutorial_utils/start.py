"""A lesson's first cell: load TensorFlow without its GPU probe messages.

On a machine without a GPU (most laptops, every machine the course is built on), importing
TensorFlow prints lines such as ``Could not find cuda drivers on your machine, GPU will not be
used`` and ``failed call to cuInit: ... (303)`` to the process's standard error, below Python:
Jupyter shows them as a red block under the cell. They are harmless (the course runs on the
CPU), and ``TF_CPP_MIN_LOG_LEVEL`` cannot hide the first kind, which TensorFlow writes before its
logging is set up (measured with TensorFlow 2.21: levels 2 and 3, ``CUDA_VISIBLE_DEVICES=""`` or
``-1``, ``ABSL_MIN_LOG_LEVEL`` and ``GLOG_minloglevel`` all leave it).

:func:`quiet_tensorflow` therefore loads TensorFlow and probes its devices once, with standard
error caught at the file-descriptor level, then passes on every caught line that is not one of
those known start-up notices (:func:`drop_start_up_notices`): a real error still shows.

Standard library only; TensorFlow is imported when the function is called, never on import.
"""

from __future__ import annotations

import os
import re
import sys
import tempfile

__all__ = ["START_UP_NOTICES", "drop_start_up_notices", "quiet_tensorflow"]

START_UP_NOTICES = re.compile(
    r"All log messages before absl::InitializeLog\(\) is called are written to STDERR"
    r"|Could not find cuda drivers on your machine"
    r"|failed call to cuInit"
    r"|Unable to register cu(DNN|FFT|BLAS) factory"
    r"|computation placer already registered"
    r"|TF-TRT Warning: Could not find TensorRT"
    r"|oneDNN custom operations are on"
)
"""The lines TensorFlow prints while loading on a CPU-only machine, none of them an error."""


def drop_start_up_notices(text: str) -> str:
    """Return ``text`` without the lines that match :data:`START_UP_NOTICES`.

    Example:
        >>> caught = (
        ...     "I0000 cudart_stub.cc:31] Could not find cuda drivers on your machine, GPU will "
        ...     "not be used.\\nE0000 cuda_platform.cc:52] failed call to cuInit: INTERNAL (303)\\n"
        ...     "something TensorFlow really means\\n"
        ... )
        >>> drop_start_up_notices(caught)
        'something TensorFlow really means\\n'
    """
    if not isinstance(text, str):
        raise TypeError(f"text must be a str, got {type(text).__name__}")
    kept = [line for line in text.splitlines(keepends=True) if not START_UP_NOTICES.search(line)]
    return "".join(kept)


def quiet_tensorflow() -> bool:
    """Load TensorFlow (if Keras will use it) without its CPU-only start-up notices.

    Call it in a lesson's first cell, before ``import keras``. It sets ``TF_CPP_MIN_LOG_LEVEL=2``
    unless already set, and, when the Keras backend is TensorFlow and TensorFlow is not loaded
    yet, imports it and lists its GPUs (where the ``cuInit`` notice comes from) with standard
    error caught; lines other than the known notices are written back to standard error.
    Under another backend (``KERAS_BACKEND=jax``) it loads nothing.

    Returns:
        True if it loaded TensorFlow just now, False if there was nothing to do.

    Example (a lesson's first cell; skipped here: it loads TensorFlow, seconds):
        >>> from tutorial_utils.start import quiet_tensorflow
        >>> quiet_tensorflow()  # doctest: +SKIP
        True
        >>> import keras  # TensorFlow is loaded already: no red block  # doctest: +SKIP
    """
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
    if os.environ.get("KERAS_BACKEND", "tensorflow") != "tensorflow":
        return False
    if "tensorflow" in sys.modules:
        return False
    sys.stderr.flush()
    saved = os.dup(2)
    with tempfile.TemporaryFile(mode="w+b") as caught:
        os.dup2(caught.fileno(), 2)
        try:
            import tensorflow as tf

            tf.config.list_physical_devices("GPU")
        finally:
            os.dup2(saved, 2)
            os.close(saved)
            caught.seek(0)
            rest = drop_start_up_notices(caught.read().decode(errors="replace"))
            if rest:
                sys.stderr.write(rest)
                sys.stderr.flush()
    return True
