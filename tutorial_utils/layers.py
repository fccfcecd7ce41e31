"""Keras layers the course builds itself, to show what a built-in layer does underneath.

:class:`FoldTimeDistributed` does the job of ``keras.layers.TimeDistributed`` (apply one
layer, with one set of weights, to every slice along axis 1) in a different way: it folds
axis 1 into the batch axis, calls the wrapped layer once on ``(batch * n_seq, ...)``, and
unfolds the result. Keras 3's ``TimeDistributed`` instead calls the wrapped layer once per
outer step in a Python loop when ``n_seq`` is known, which builds a graph that grows with
``n_seq``. Both give the same numbers; notebook 06 and ``benchmarks/`` measure the cost.

This module uses Keras 3 (it imports ``keras``); the NumPy-only modules never import it.
"""

from __future__ import annotations

import inspect
from typing import Any

import keras
from keras import ops

__all__ = ["FoldTimeDistributed"]


def _check_rank(shape: tuple[int | None, ...], where: str) -> None:
    if len(shape) < 3:
        raise ValueError(
            f"FoldTimeDistributed expects inputs of rank 3 or more, shaped "
            f"(batch, n_seq, ...), but {where} has rank {len(shape)} with shape "
            f"{tuple(shape)}. Add the outer time axis first, for example reshape windows "
            "(samples, total_steps, features) to (samples, n_seq, n_steps, features), "
            "or apply the inner layer directly if there is no outer time axis."
        )


def _check_mask(mask_shape: tuple[int | None, ...], input_shape: tuple[int | None, ...]) -> None:
    """A mask must cover the input's batch and outer steps: ``(batch, n_seq, ...)``."""
    if len(mask_shape) < 2:
        raise ValueError(
            f"FoldTimeDistributed needs a mask with at least 2 axes, (batch, n_seq), got one of "
            f"shape {mask_shape} for an input of shape {input_shape}."
        )
    for axis, what in ((0, "batch"), (1, "outer length n_seq")):
        given, expected = mask_shape[axis], input_shape[axis]
        if given is not None and expected is not None and given != expected:
            raise ValueError(
                f"FoldTimeDistributed got a mask of shape {mask_shape} that does not fit the "
                f"input {input_shape}: its axis {axis} ({what}) is {given}, the input's is "
                f"{expected}. Folded, its entries would be paired with the wrong steps; make "
                f"the mask ({expected if axis == 0 else input_shape[0]}, "
                f"{input_shape[1]}, ...), one entry per sample and outer step."
            )


@keras.saving.register_keras_serializable(package="tutorial_utils")
class FoldTimeDistributed(keras.layers.Wrapper):
    """Apply ``layer`` to every slice along axis 1 by folding that axis into the batch.

    For an input of shape ``(batch, n_seq, *inner)`` the layer reshapes it to
    ``(batch * n_seq, *inner)``, calls ``layer`` once, and reshapes the result
    ``(batch * n_seq, *out)`` back to ``(batch, n_seq, *out)``. Row-major order keeps
    every slice intact, so each outer step is still processed on its own, with the same
    weights, exactly as ``keras.layers.TimeDistributed`` does. With the same weights both
    give the same outputs (up to float rounding).

    One difference to know: a layer whose result depends on the *whole batch* (for example
    ``BatchNormalization`` while training) sees ``batch * n_seq`` rows at once here, but
    ``batch`` rows per step inside ``TimeDistributed``, so its training-time statistics
    differ. Layers that treat rows independently (Conv1D, pooling, Flatten, Dense, LSTM)
    behave identically.

    Args:
        layer: a ``keras.layers.Layer`` instance to apply to every outer step.
        **kwargs: the usual layer keyword arguments (``name``, ``dtype`` ...).

    A mask ``(batch, n_seq, ...)`` is folded the same way and passed to a layer that takes
    one; a mask whose batch or outer length differs from the input's is refused (as
    ``TimeDistributed`` refuses it since keras#22037). The wrapped layer computes in this
    wrapper's dtype policy, as in ``TimeDistributed``: ``dtype="mixed_float16"`` returns
    float16. As there too, a plain ``dtype="float16"`` on the wrapper alone leaves the inner
    layer's float32 weights, and so a float32 result: give the inner layer the policy as well.

    Raises:
        TypeError: ``layer`` is not a Keras layer.
        ValueError: the input has rank < 3 (there is no outer axis to fold), or the mask does
            not match the input's first two axes.

    Example:
        >>> import keras
        >>> inputs = keras.Input(shape=(4, 8, 1))
        >>> conv = FoldTimeDistributed(keras.layers.Conv1D(16, 3, activation="relu"))
        >>> conv(inputs).shape
        (None, 4, 6, 16)
    """

    def __init__(self, layer: keras.layers.Layer, **kwargs: Any) -> None:
        if not isinstance(layer, keras.layers.Layer):
            raise TypeError(
                "FoldTimeDistributed wraps a Keras layer instance, e.g. "
                "FoldTimeDistributed(keras.layers.Conv1D(16, 3)); got "
                f"{type(layer).__name__}: {layer!r}. Create the layer first, then wrap it."
            )
        super().__init__(layer, **kwargs)
        self.supports_masking = True
        call_parameters = inspect.signature(layer.call).parameters
        self._inner_takes_training = "training" in call_parameters
        self._inner_takes_mask = "mask" in call_parameters

    @staticmethod
    def _folded_shape(input_shape: tuple[int | None, ...]) -> tuple[int | None, ...]:
        batch, n_seq = input_shape[0], input_shape[1]
        rows = batch * n_seq if batch is not None and n_seq is not None else None
        return (rows, *input_shape[2:])

    def build(self, input_shape: tuple[int | None, ...]) -> None:
        _check_rank(tuple(input_shape), "the input shape")
        super().build(self._folded_shape(tuple(input_shape)))

    def compute_output_shape(self, input_shape: tuple[int | None, ...]) -> tuple[int | None, ...]:
        input_shape = tuple(input_shape)
        _check_rank(input_shape, "the input shape")
        inner_out = self.layer.compute_output_shape(self._folded_shape(input_shape))
        return (input_shape[0], input_shape[1], *tuple(inner_out)[1:])

    def call(self, inputs, training=None, mask=None):
        _check_rank(tuple(inputs.shape), "the input")
        if mask is not None:
            _check_mask(tuple(mask.shape), tuple(inputs.shape))
        dynamic = ops.shape(inputs)
        # Static sizes where Keras knows them, dynamic ones (tensors) where it does not.
        inner = [s if s is not None else dynamic[i + 2] for i, s in enumerate(inputs.shape[2:])]
        n_seq = inputs.shape[1] if inputs.shape[1] is not None else dynamic[1]

        kwargs = {}
        if self._inner_takes_training and training is not None:
            kwargs["training"] = training
        if self._inner_takes_mask and mask is not None:
            mask_inner = [
                s if s is not None else ops.shape(mask)[i + 2] for i, s in enumerate(mask.shape[2:])
            ]
            kwargs["mask"] = ops.reshape(mask, (-1, *mask_inner))

        folded = ops.reshape(inputs, (-1, *inner))  # (batch * n_seq, *inner)
        # One call, one set of weights. ``call``, not ``__call__``, as TimeDistributed does: the
        # inner layer then computes in this wrapper's dtype policy (float16 asked, float16 out)
        # instead of casting back to its own.
        outputs = self.layer.call(folded, **kwargs)
        out_dynamic = ops.shape(outputs)
        out_inner = [
            s if s is not None else out_dynamic[i + 1] for i, s in enumerate(outputs.shape[1:])
        ]
        return ops.reshape(outputs, (-1, n_seq, *out_inner))  # (batch, n_seq, *out)

    def get_config(self) -> dict[str, Any]:
        config = super().get_config()
        config["layer"] = keras.saving.serialize_keras_object(self.layer)
        return config

    @classmethod
    def from_config(
        cls, config: dict[str, Any], custom_objects: dict[str, Any] | None = None
    ) -> FoldTimeDistributed:
        config = dict(config)  # never change the caller's dictionary
        layer = keras.saving.deserialize_keras_object(
            config.pop("layer"), custom_objects=custom_objects
        )
        return cls(layer, **config)
