"""Every known way tutor's engine differs from Keras 3, with the reason: one list, shown by the
app's help screen and written to docs/keras-differences.md (a test keeps the page equal to
`markdown()`), so a learner who moves to real Keras is not surprised.

The engine matches Keras 3.15.1 on TensorFlow 2.21 to float32 rounding wherever it does not say
otherwise here (tests/engine/test_reference_runs.py replays 64 runs recorded with it).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Difference:
    topic: str
    tutor: str  # what tutor does
    keras: str  # what Keras does
    why: str


DIFFERENCES: tuple[Difference, ...] = (
    Difference(
        "summary() width",
        "65 columns wide by default",
        "84 columns",
        "so the table fits an 80-column terminal; summary(line_length=84) draws Keras's width",
    ),
    Difference(
        "predict and evaluate output",
        "print nothing unless verbose=1",
        "show a progress bar by default",
        "a lesson's cell output stays the numbers it is about",
    ),
    Difference(
        "Results",
        "NumPy arrays (model(x), predict) and Python floats (evaluate)",
        "model(x) returns a backend tensor; predict returns NumPy",
        "tutor is NumPy throughout; call np.asarray(...) or .numpy() on a tensor in Keras",
    ),
    Difference(
        "Python lists as x and y",
        "accepted and converted to float32 arrays",
        "refused: give NumPy arrays (or tensors)",
        "a beginner's first model should not fail on the container; the exported script uses "
        "arrays",
    ),
    Difference(
        "1-D inputs",
        "refused with the reshape to use, even for a one-feature model",
        "accepted for a one-feature model",
        "rows of samples and columns of features is the shape the course teaches; "
        "x.reshape(-1, 1) works in both",
    ),
    Difference(
        "compile() without a loss",
        "refused at compile, where the mistake is",
        "accepted; fit fails later",
        "an error is clearest where it is made",
    ),
    Difference(
        "Crossentropy after a sigmoid or softmax output",
        "computed from the layer's z, whatever from_logits says, as Keras's TensorFlow backend "
        "does: with SparseCategoricalCrossentropy() a sigmoid output trains exactly as softmax",
        "the same on TensorFlow; the JAX, PyTorch and NumPy backends compute it from the outputs "
        "(for the categorical losses normalised over the classes; clipped to [1e-7, 1 - 1e-7]), "
        "so there a sigmoid output gives other numbers",
        "tutor follows the TensorFlow backend its reference runs were recorded on; a linear "
        "output with from_logits=True gives the same numbers on every backend",
    ),
    Difference(
        "A NaN or infinite loss",
        "fit stops before that batch's update, keeps the last good weights and says why",
        "keeps training and reports nan",
        "a learner sees the cause (learning rate, unscaled inputs) and keeps a working model",
    ),
    Difference(
        "Normalization before adapt",
        "raises an error when used",
        "passes the data through unscaled (mean 0, variance 1)",
        "a forgotten adapt() otherwise trains silently on raw numbers",
    ),
    Difference(
        "Dropout's random masks",
        "drawn from tutor's generator (set_random_seed makes them repeatable)",
        "drawn from the backend's generator",
        "the rule is Keras's, the dice cannot be: a model with Dropout trains to other numbers",
    ),
    Difference(
        "Initial weights for a seed",
        "set_random_seed(n) gives NumPy's draws",
        "keras.utils.set_random_seed(n) gives the backend's draws",
        "different generators; copy weights with get_weights/set_weights to compare runs",
    ),
    Difference(
        "Layers and models",
        "Sequential with Input, Dense, Normalization (axis=-1) and Dropout",
        "every layer, the functional API and subclassing",
        "the course builds dense networks; the rest is outside it",
    ),
    Difference(
        "Activations",
        "all of Keras's that fit a dense layer, by name; not glu, log_softmax, sparsemax, "
        "threshold, squareplus, sparse_plus, sparse_sigmoid and the shrink functions",
        "every activation, also as functions with arguments (e.g. leaky_relu's negative_slope)",
        "those change a layer's width or need arguments a name cannot carry; gelu is exact but "
        "slower (NumPy has no vectorised erf)",
    ),
    Difference(
        "Losses",
        "BinaryCrossentropy, CategoricalCrossentropy (both with label_smoothing), "
        "SparseCategoricalCrossentropy, MeanSquaredError, MeanAbsoluteError, Huber",
        "many more, with reduction, sample weights and ignore_class",
        "the losses a dense-network course meets",
    ),
    Difference(
        "Metrics",
        "accuracy (binary, sparse or categorical from the shapes), mse, mae",
        "many more (AUC, precision, ...) and metric objects",
        "the numbers the lessons read",
    ),
    Difference(
        "Optimizers",
        "SGD, Adam (amsgrad), AdamW, RMSprop (centered); weight_decay, clipnorm, clipvalue, "
        "global_clipnorm",
        "more optimizers, learning-rate schedules, EMA, gradient accumulation, "
        "exclude_from_weight_decay",
        "the optimizers the course compares; weight decay reaches every weight, as Keras's default",
    ),
    Difference(
        "Keywords tutor does not implement",
        "an EngineError naming the keyword and listing the supported ones "
        '(e.g. Dense(3, kernel_regularizer="l2"), fit(sample_weight=...))',
        "supported",
        "a learner learns what to change instead of meeting a bare TypeError",
    ),
    Difference(
        "What fit takes",
        "arrays (or lists) of x and y",
        "also tf.data datasets, generators and PyDataset",
        "the course's data fit in memory",
    ),
    Difference(
        "predict(batch_size=None)",
        "all rows in one pass",
        "batches of 32",
        "faster in NumPy; every row's result is the same",
    ),
    Difference(
        "Numbers",
        "float32 on the CPU with NumPy",
        "float32 by default, on CPU or GPU, with mixed precision available",
        "a small engine the learner can read; results agree to float32 rounding",
    ),
    Difference(
        "The sandbox's export of a Normalization",
        "writes Normalization(mean=..., variance=...) with the adapted numbers",
        "an adapted layer's numbers live in weights that set_weights does not put to use",
        "the script then scales new data in °C and minutes exactly as tutor did; "
        "Keras's summary counts that layer as 0 parameters, tutor's as mean + variance + count",
    ),
)


def markdown() -> str:
    """The page docs/keras-differences.md holds."""
    lines = [
        "# How tutor's engine differs from Keras",
        "",
        "<!-- Generated from tutor/differences.py; a test keeps the two equal. -->",
        "",
        "tutor's engine follows Keras 3 (checked against Keras 3.15.1 on TensorFlow 2.21: 64 "
        "recorded training runs reproduced to float32 rounding, and the sandbox's exports run "
        "unchanged). Where it differs, it is on purpose, and this page lists every known case. "
        "The app's help (`?`) shows the same list.",
        "",
        "| topic | tutor | Keras | why |",
        "| --- | --- | --- | --- |",
    ]
    for d in DIFFERENCES:
        lines.append(f"| {d.topic} | {d.tutor} | {d.keras} | {d.why} |")
    return "\n".join(lines) + "\n"
