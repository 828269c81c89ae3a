#!/usr/bin/python3
"""Makes the ONNX fixture models of the tests and their expected predictions, outside Sluice's code.

Run from this folder with Debian's packages (no skl2onnx there, so each graph is written with
onnx.helper from the fitted scikit-learn model's own parameters, as skl2onnx would write it):

    apt-get install -y python3-onnx python3-sklearn python3-numpy
    /usr/bin/python3 make_fixtures.py

Writes, each model with <name>-input.csv (id + features) and <name>-expected.csv (id + what
scikit-learn predicts for those rows):
  pipeline-zipmap.onnx  StandardScaler + LogisticRegression, string classes, label + ZipMap
  trees.onnx            RandomForestClassifier as ai.onnx.ml TreeEnsembleClassifier, int64 classes,
                        label and probability tensors (as skl2onnx with zipmap=False)
  mlp-regression.onnx   MLPRegressor as Gemm/Relu/Gemm, [N, 1] output (as torch.onnx.export)
and, for the refusals: two-inputs.onnx, int64-input.onnx, dynamic-width.onnx (an output whose width the
model leaves open), log.onnx (NaN for a negative input), and double-input.onnx (sums its inputs; a double input is fed converted).
"""
import csv

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper
from sklearn.datasets import load_iris, make_classification, make_regression
from sklearn.ensemble import RandomForestClassifier
from sklearn.linear_model import LogisticRegression
from sklearn.neural_network import MLPRegressor
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

ML = helper.make_opsetid("ai.onnx.ml", 1)
ONNX = helper.make_opsetid("", 13)


def save(graph, name, opsets=(ONNX,)):
    model = helper.make_model(graph, opset_imports=list(opsets), producer_name="sluice-fixtures")
    model.ir_version = 8
    onnx.checker.check_model(model)
    onnx.save(model, name)


def map_of_floats(key_type):
    # onnx 1.12 has no helper.make_map_type_proto
    proto = onnx.TypeProto()
    proto.map_type.key_type = key_type
    proto.map_type.value_type.CopyFrom(helper.make_tensor_type_proto(TensorProto.FLOAT, []))
    return proto


def write_csv(name, header, rows):
    with open(name, "w", newline="") as f:
        out = csv.writer(f, lineterminator="\n")
        out.writerow(header)
        out.writerows(rows)


def write_input(name, x):
    write_csv(name + "-input.csv", ["id"] + ["f%d" % i for i in range(x.shape[1])],
              [[i] + [repr(float(v)) for v in row] for i, row in enumerate(x)])


def float32_rows(x):
    # The CSV holds float32 values exactly, so Sluice (which reads features as float) and
    # scikit-learn see the same numbers.
    return np.round(x, 4).astype(np.float32)


def pipeline_zipmap():
    iris = load_iris()
    names = np.array(["setosa", "versicolor", "virginica"])
    pipe = make_pipeline(StandardScaler(), LogisticRegression(max_iter=500))
    pipe.fit(iris.data, names[iris.target])
    scaler, lr = pipe.steps[0][1], pipe.steps[1][1]
    x = float32_rows(np.random.RandomState(1).uniform(iris.data.min(0), iris.data.max(0), (40, 4)))
    nodes = [
        helper.make_node("Scaler", ["input"], ["scaled"], domain="ai.onnx.ml",
                         offset=scaler.mean_.astype(np.float32).tolist(),
                         scale=(1 / scaler.scale_).astype(np.float32).tolist()),
        helper.make_node("LinearClassifier", ["scaled"], ["label", "scores"], domain="ai.onnx.ml",
                         coefficients=lr.coef_.astype(np.float32).ravel().tolist(),
                         intercepts=lr.intercept_.astype(np.float32).tolist(),
                         classlabels_strings=[str(c) for c in lr.classes_], multi_class=1,
                         post_transform="SOFTMAX"),
        helper.make_node("ZipMap", ["scores"], ["output_probability"], domain="ai.onnx.ml",
                         classlabels_strings=[str(c) for c in lr.classes_]),
        helper.make_node("Identity", ["label"], ["output_label"]),
    ]
    graph = helper.make_graph(nodes, "pipeline", [helper.make_tensor_value_info("input", TensorProto.FLOAT, [None, 4])], [
        helper.make_tensor_value_info("output_label", TensorProto.STRING, [None]),
        helper.make_value_info("output_probability", helper.make_sequence_type_proto(map_of_floats(TensorProto.STRING))),
    ])
    save(graph, "pipeline-zipmap.onnx", (ONNX, ML))
    write_input("pipeline-zipmap", x)
    proba = pipe.predict_proba(x)
    labels = pipe.predict(x)
    write_csv("pipeline-zipmap-expected.csv", ["id", "label"] + ["p_" + c for c in lr.classes_],
              [[i, labels[i]] + [repr(float(p)) for p in proba[i]] for i in range(len(x))])


def trees():
    x_train, y = make_classification(n_samples=300, n_features=6, n_informative=4, n_classes=3, random_state=3)
    classes = np.array([10, 20, 30])
    forest = RandomForestClassifier(n_estimators=4, max_depth=4, random_state=3).fit(x_train, classes[y])
    x = float32_rows(np.random.RandomState(2).normal(size=(60, 6)))
    attrs = {k: [] for k in ["nodes_treeids", "nodes_nodeids", "nodes_featureids", "nodes_values", "nodes_modes",
                             "nodes_truenodeids", "nodes_falsenodeids", "class_treeids", "class_nodeids",
                             "class_ids", "class_weights"]}
    n = len(forest.estimators_)
    for t, est in enumerate(forest.estimators_):
        tree = est.tree_
        for node in range(tree.node_count):
            leaf = tree.children_left[node] == -1
            attrs["nodes_treeids"].append(t)
            attrs["nodes_nodeids"].append(node)
            attrs["nodes_featureids"].append(0 if leaf else int(tree.feature[node]))
            attrs["nodes_values"].append(0.0 if leaf else float(np.float32(tree.threshold[node])))
            attrs["nodes_modes"].append("LEAF" if leaf else "BRANCH_LEQ")
            attrs["nodes_truenodeids"].append(0 if leaf else int(tree.children_left[node]))
            attrs["nodes_falsenodeids"].append(0 if leaf else int(tree.children_right[node]))
            if leaf:
                dist = tree.value[node][0] / tree.value[node][0].sum()
                for c, w in enumerate(dist):
                    attrs["class_treeids"].append(t)
                    attrs["class_nodeids"].append(node)
                    attrs["class_ids"].append(c)
                    attrs["class_weights"].append(float(w / n))
    # Every row must land where scikit-learn (float64 thresholds) sends it with float32 thresholds too.
    for est in forest.estimators_:
        tree = est.tree_
        for f, th in zip(tree.feature, tree.threshold):
            if f >= 0:
                assert not np.any((x[:, f] <= th) != (x[:, f] <= np.float32(th)))
    nodes = [helper.make_node("TreeEnsembleClassifier", ["input"], ["label", "probabilities"], domain="ai.onnx.ml",
                              classlabels_int64s=classes.tolist(), post_transform="NONE", **attrs)]
    graph = helper.make_graph(nodes, "forest", [helper.make_tensor_value_info("input", TensorProto.FLOAT, [None, 6])], [
        helper.make_tensor_value_info("label", TensorProto.INT64, [None]),
        helper.make_tensor_value_info("probabilities", TensorProto.FLOAT, [None, 3]),
    ])
    save(graph, "trees.onnx", (ONNX, ML))
    write_input("trees", x)
    proba = forest.predict_proba(x)
    labels = forest.predict(x)
    write_csv("trees-expected.csv", ["id", "label"] + ["p_%d" % c for c in classes],
              [[i, labels[i]] + [repr(float(p)) for p in proba[i]] for i in range(len(x))])


def mlp_regression():
    x_train, y = make_regression(n_samples=400, n_features=5, noise=0.5, random_state=4)
    mlp = MLPRegressor(hidden_layer_sizes=(8,), max_iter=2000, random_state=4).fit(x_train, y / 100)
    x = float32_rows(np.random.RandomState(5).normal(size=(50, 5)))
    w1, w2 = mlp.coefs_
    b1, b2 = mlp.intercepts_
    inits = [numpy_helper.from_array(a.astype(np.float32), n)
             for a, n in [(w1, "w1"), (b1, "b1"), (w2, "w2"), (b2, "b2")]]
    nodes = [helper.make_node("Gemm", ["input", "w1", "b1"], ["h"]),
             helper.make_node("Relu", ["h"], ["hr"]),
             helper.make_node("Gemm", ["hr", "w2", "b2"], ["output"])]
    graph = helper.make_graph(nodes, "mlp", [helper.make_tensor_value_info("input", TensorProto.FLOAT, ["batch", 5])],
                              [helper.make_tensor_value_info("output", TensorProto.FLOAT, ["batch", 1])], inits)
    save(graph, "mlp-regression.onnx")
    write_input("mlp-regression", x)
    write_csv("mlp-regression-expected.csv", ["id", "y_0"], [[i, repr(float(v))] for i, v in enumerate(mlp.predict(x))])


def refusals():
    w = numpy_helper.from_array(np.ones((4, 1), np.float32), "w")
    two = helper.make_graph([helper.make_node("Concat", ["a", "b"], ["ab"], axis=1),
                             helper.make_node("MatMul", ["ab", "w"], ["y"])], "two",
                            [helper.make_tensor_value_info("a", TensorProto.FLOAT, [None, 2]),
                             helper.make_tensor_value_info("b", TensorProto.FLOAT, [None, 2])],
                            [helper.make_tensor_value_info("y", TensorProto.FLOAT, [None, 1])], [w])
    save(two, "two-inputs.onnx")
    ints = helper.make_graph([helper.make_node("Cast", ["ids"], ["x"], to=TensorProto.FLOAT),
                              helper.make_node("MatMul", ["x", "w"], ["y"])], "ints",
                             [helper.make_tensor_value_info("ids", TensorProto.INT64, [None, 4])],
                             [helper.make_tensor_value_info("y", TensorProto.FLOAT, [None, 1])], [w])
    save(ints, "int64-input.onnx")
    doubles = helper.make_graph([helper.make_node("Cast", ["x64"], ["x"], to=TensorProto.FLOAT),
                                 helper.make_node("MatMul", ["x", "w"], ["y"])], "doubles",
                                [helper.make_tensor_value_info("x64", TensorProto.DOUBLE, [None, 4])],
                                [helper.make_tensor_value_info("y", TensorProto.FLOAT, [None, 1])], [w])
    save(doubles, "double-input.onnx")
    # y = x reshaped to [-1, int(max(x))]: a width no shape inference can know before the run.
    dynamic = helper.make_graph([
        helper.make_node("ReduceMax", ["x"], ["m"], keepdims=1),
        helper.make_node("Reshape", ["m", "one"], ["m1"]),
        helper.make_node("Cast", ["m1"], ["k"], to=TensorProto.INT64),
        helper.make_node("Concat", ["minus_one", "k"], ["shape"], axis=0),
        helper.make_node("Reshape", ["x", "shape"], ["y"])], "dynamic",
        [helper.make_tensor_value_info("x", TensorProto.FLOAT, [None, 4])],
        [helper.make_tensor_value_info("y", TensorProto.FLOAT, ["batch", "classes"])],
        [numpy_helper.from_array(np.array([1], np.int64), "one"),
         numpy_helper.from_array(np.array([-1], np.int64), "minus_one")])
    save(dynamic, "dynamic-width.onnx")
    # y = log(x): a record with a negative feature gets a NaN prediction, which Sluice must treat as a bad record.
    log = helper.make_graph([helper.make_node("Log", ["x"], ["y"])], "log",
                            [helper.make_tensor_value_info("x", TensorProto.FLOAT, [None, 1])],
                            [helper.make_tensor_value_info("y", TensorProto.FLOAT, [None, 1])])
    save(log, "log.onnx")


if __name__ == "__main__":
    pipeline_zipmap()
    trees()
    mlp_regression()
    refusals()
