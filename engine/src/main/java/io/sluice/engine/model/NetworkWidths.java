package io.sluice.engine.model;

import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.graph.GraphVertex;
import org.deeplearning4j.nn.conf.graph.LayerVertex;
import org.deeplearning4j.nn.conf.layers.EmbeddingLayer;
import org.deeplearning4j.nn.conf.layers.FeedForwardLayer;
import org.deeplearning4j.nn.conf.layers.Layer;

/** How many features a network takes per record and how many values it gives back, read from its configuration. */
record NetworkWidths(int input, int output) {

  static NetworkWidths of(MultiLayerConfiguration conf) {
    int layers = conf.getConfs().size();
    if (layers == 0) {
      throw new ModelLoadException("cannot read model: the network has no layers");
    }
    Layer first = conf.getConf(0).getLayer();
    Layer last = conf.getConf(layers - 1).getLayer();
    return new NetworkWidths(nIn(first), nOut(last));
  }

  static NetworkWidths of(ComputationGraphConfiguration conf) {
    List<String> inputs = conf.getNetworkInputs();
    List<String> outputs = conf.getNetworkOutputs();
    if (inputs.size() != 1 || outputs.size() != 1) {
      throw new ModelLoadException("models with several inputs are not supported (this one has "
          + inputs.size() + " inputs and " + outputs.size() + " outputs)");
    }
    Layer fedByInput = layerOf(firstConsumer(conf, inputs.get(0)), conf);
    Layer outputLayer = layerOf(outputs.get(0), conf);
    return new NetworkWidths(nIn(fedByInput), nOut(outputLayer));
  }

  private static String firstConsumer(ComputationGraphConfiguration conf, String input) {
    for (Map.Entry<String, List<String>> vertex : conf.getVertexInputs().entrySet()) {
      if (vertex.getValue().contains(input)) {
        return vertex.getKey();
      }
    }
    throw new ModelLoadException("cannot read model: no vertex reads the network input '" + input + "'");
  }

  private static Layer layerOf(String vertexName, ComputationGraphConfiguration conf) {
    GraphVertex vertex = conf.getVertices().get(vertexName);
    if (!(vertex instanceof LayerVertex layerVertex)) {
      throw new ModelLoadException("cannot work out the model's widths: vertex '" + vertexName
          + "' is a " + vertex.getClass().getSimpleName() + ", not a layer");
    }
    return layerVertex.getLayerConf().getLayer();
  }

  private static int nIn(Layer layer) {
    // An embedding takes one value per record, a category's index below nIn; nIn is the number of categories.
    if (layer instanceof EmbeddingLayer) return 1;
    return Math.toIntExact(feedForward(layer, "input").getNIn());
  }

  private static int nOut(Layer layer) {
    return Math.toIntExact(feedForward(layer, "output").getNOut());
  }

  private static FeedForwardLayer feedForward(Layer layer, String side) {
    if (!(layer instanceof FeedForwardLayer feedForward)) {
      throw new ModelLoadException("cannot work out the model's " + side + " width: its " + side + " layer is a "
          + layer.getClass().getSimpleName() + ", which has no fixed size");
    }
    return feedForward;
  }
}
