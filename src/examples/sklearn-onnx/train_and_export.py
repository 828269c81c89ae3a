#!/usr/bin/env python3
"""Trains a scikit-learn pipeline and exports it to ONNX with skl2onnx, for Sluice to score.

This is the Python side of src/examples/iris-onnx.conf. It is documentation: the tests do not
run it (they use models made from onnx.helper in engine/src/test/resources/onnx/, since skl2onnx
is not installed there).

    pip install scikit-learn skl2onnx
    python3 train_and_export.py /models/iris.onnx /data/iris/
    ./sluice run src/examples/iris-onnx.conf

What Sluice reads from the exported model (README, "ONNX models"):
  - the one input, float [None, 4]: the job's four features, in the order of `features`;
  - the outputs skl2onnx writes for a classifier: `output_label` (the predicted class) and
    `output_probability`, a ZipMap (one {class: probability} map per row). Sluice writes
    `p_<class>` per class in the model's class order, or with `output = label` the model's own
    label and its probability as `score`.
"""
import sys

import numpy as np
from skl2onnx import to_onnx
from sklearn.datasets import load_iris
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

model_path = sys.argv[1] if len(sys.argv) > 1 else "iris.onnx"
data_dir = sys.argv[2] if len(sys.argv) > 2 else "."

iris = load_iris(as_frame=True)
classes = np.array(["setosa", "versicolor", "virginica"])
pipeline = make_pipeline(StandardScaler(), LogisticRegression(max_iter=500))
pipeline.fit(iris.data.to_numpy(np.float32), classes[iris.target])

# The float input Sluice feeds: [N, F] with F the number of features, N left open.
onnx_model = to_onnx(pipeline, iris.data.to_numpy(np.float32)[:1], target_opset={"": 15, "ai.onnx.ml": 3})
with open(model_path, "wb") as f:
    f.write(onnx_model.SerializeToString())

# An input file for the job: an id column and the four features, named as in the job's `features`.
frame = iris.data.rename(columns=lambda c: c.replace(" (cm)", "").replace(" ", "_"))
frame.insert(0, "flower_id", range(len(frame)))
frame.to_csv(f"{data_dir}/iris.csv", index=False)

# What scikit-learn predicts, to compare with Sluice's output.
print(pipeline.predict_proba(iris.data.to_numpy(np.float32)[:3]))
