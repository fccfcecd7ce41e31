"""A lesson's first cell: load TensorFlow without its GPU probe messages.

On a machine without a GPU (most laptops, every machine the course is built on), importing
TensorFlow prints lines such as ``Could not find cuda drivers on your machine, GPU will not be
used`` and ``failed call to cuInit: ... (303)`` to the process's standard error, below Python:
Jupyter shows them as a red block under the cell. They are harmless (the course runs on the
CPU), and ``TF_CPP_MIN_LOG_LEVEL`` cannot hide the first kind, which TensorFlow writes before its
logging is set up (measured with TensorFlow 2.21: levels 2 and 3, ``CUDA_VISIBLE_DEVICES=""`` or
``-1``, ``ABSL_MIN_LOG_LEVEL`` and ``GLOG_minloglevel`` all leave it).

:func:`import_tensorflow` therefore loads TensorFlow and probes its devices once, with standard
error caught at the file-descriptor level, then passes on every caught line that is not one of
those known start-up notices (:func:`drop_start_up_notices`): a real error still shows.
A lesson's first cell calls it through :func:`quiet_tensorflow` on every backend (under JAX, Keras
loads TensorFlow too), and the course's training loop calls it before using ``tf.data``.

Standard library only; TensorFlow is imported when the function is called, never on import.
"""

from __future__ import annotations

import os
import re
import sys
import tempfile
from types import ModuleType

__all__ = ["START_UP_NOTICES", "drop_start_up_notices", "import_tensorflow", "quiet_tensorflow"]

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


def import_tensorflow() -> ModuleType:
    """Import TensorFlow without its CPU-only start-up notices, and return it.

    If TensorFlow is loaded already, it is returned as it is. Otherwise ``TF_CPP_MIN_LOG_LEVEL``
    is set to 2 unless already set, and TensorFlow is imported and lists its GPUs (where the
    ``cuInit`` notice comes from) with standard error caught; caught lines other than the known
    notices are written back to standard error.

    Raises:
        ImportError: TensorFlow is not installed (as ``import tensorflow`` would).

    Example (skipped here: it loads TensorFlow, seconds):
        >>> tf = import_tensorflow()  # doctest: +SKIP
        >>> tf.data.Dataset.range(3).cardinality().numpy()  # doctest: +SKIP
        np.int64(3)
    """
    loaded = sys.modules.get("tensorflow")  # None there means "not importable", as for import
    if loaded is not None:
        return loaded
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
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
    return tf


def quiet_tensorflow() -> bool:
    """Load TensorFlow, if installed, without its CPU-only start-up notices.

    Call it in a lesson's first cell, before ``import keras``. It sets ``TF_CPP_MIN_LOG_LEVEL=2``
    unless already set and, when TensorFlow is installed and not loaded yet, imports it with
    :func:`import_tensorflow`. It does so under every Keras backend: under JAX, Keras loads
    TensorFlow anyway (``keras.utils.set_random_seed`` seeds it whenever it is installed, and
    ``tf.data`` feeds the course's training loop), and would print the notices then.

    Returns:
        True if it loaded TensorFlow just now, False if it was loaded already or is not
        installed.

    Example (a lesson's first cell; skipped here: it loads TensorFlow, seconds):
        >>> from tutorial_utils.start import quiet_tensorflow
        >>> quiet_tensorflow()  # doctest: +SKIP
        True
        >>> import keras  # TensorFlow is loaded already: no red block  # doctest: +SKIP
    """
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
    if "tensorflow" in sys.modules:
        return False
    try:
        import_tensorflow()
    except ImportError:  # a JAX-only install: nothing will print the notices
        return False
    return True
