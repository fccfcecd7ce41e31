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

    Raises:
        TypeError: ``layer`` is not a Keras layer.
        ValueError: the input has rank < 3 (there is no outer axis to fold).

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
        outputs = self.layer(folded, **kwargs)  # one call, one set of weights
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
