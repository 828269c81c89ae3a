package io.sluice.connectors.parquet;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType;
import org.apache.parquet.schema.Type;

/** The job's columns looked up in a file's schema: each must be a top-level, non-repeated primitive column. */
final class ParquetColumns {
  private ParquetColumns() {}

  /** What is wrong with the job's columns in {@code schema}; empty when every one can be read. */
  static List<ParquetInput.ColumnProblem> problems(MessageType schema, String idColumn, List<String> features,
      List<String> passthrough, String file) {
    List<ParquetInput.ColumnProblem> problems = new ArrayList<>();
    Map<String, List<String>> named = new LinkedHashMap<>();
    if (idColumn != null) named.put("id-column", List.of(idColumn));
    named.put("features", features);
    named.put("passthrough", passthrough);
    named.forEach((role, columns) -> {
      for (String column : columns) {
        String problem = problem(schema, column, role.equals("features"), file);
        if (problem != null) problems.add(new ParquetInput.ColumnProblem(role, problem));
      }
    });
    return problems;
  }

  private static String problem(MessageType schema, String column, boolean feature, String file) {
    if (!schema.containsField(column)) {
      List<String> names = new ArrayList<>();
      for (Type t : schema.getFields()) names.add(t.getName());
      return "'" + column + "' is not a column of " + file + " (its columns: " + String.join(", ", names) + ")";
    }
    Type type = schema.getType(column);
    if (!type.isPrimitive() || type.isRepetition(Type.Repetition.REPEATED)) {
      return "'" + column + "' is a nested or repeated column in " + file + "; only flat columns can be read";
    }
    if (feature && FeatureColumn.of(type.asPrimitiveType()) == null) {
      return "'" + column + "' is " + describe(type.asPrimitiveType()) + " in " + file
          + ", not a numeric column (INT32, INT64, FLOAT, DOUBLE or DECIMAL)";
    }
    return null;
  }

  static String describe(PrimitiveType type) {
    return type.getPrimitiveTypeName() + (type.getLogicalTypeAnnotation() == null ? "" : " " + type.getLogicalTypeAnnotation());
  }

  /** The columns to read, each once, in the order the job names them. */
  static MessageType projection(MessageType schema, List<String> columns) {
    List<Type> fields = new ArrayList<>();
    for (String c : columns) {
      Type t = schema.getType(c);
      if (!fields.contains(t)) fields.add(t);
    }
    return new MessageType(schema.getName(), fields);
  }
}
