package io.sluice.connectors.format;

/**
 * A batch's model outputs, ready to encode: {@code rows × width} values row-major, and for
 * the {@code label} output a label per row (then {@code width} is 1 and the value is its score).
 */
public record Predictions(int rows, int width, float[] values, String[] labels) {}
