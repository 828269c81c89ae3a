package io.sluice.engine.plan;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sluice.engine.job.JobException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What decides the content of a run's part files besides the input: the model's sha256, the
 * columns read, the output's format and columns. Recorded in {@code _manifest.json}, so that
 * {@code mode = resume} keeps an earlier run's part files only when this job would write the
 * same kind of files.
 */
public record JobShape(
    String modelSha256,
    String modelOutput,
    List<String> features,
    String idColumn,
    List<String> passthrough,
    String outputFormat,
    List<String> outputColumns) {

  /** The shape of a prepared run. */
  public static JobShape of(PreparedRun run) {
    List<String> columns = new ArrayList<>(run.job().input().carriedColumns());
    columns.addAll(run.predictionColumns());
    return new JobShape(run.modelSha256(), run.job().model().output().name().toLowerCase(Locale.ROOT),
        run.job().input().features(), run.job().input().idColumn(), run.job().input().passthrough(),
        run.job().output().extension(), columns);
  }

  /** Adds the shape to a manifest's {@code model}, {@code input} and {@code output} blocks. */
  public void writeTo(ObjectNode manifest) {
    ObjectNode model = manifest.has("model") ? (ObjectNode) manifest.get("model") : manifest.putObject("model");
    model.put("sha256", modelSha256);
    model.put("output", modelOutput);
    ObjectNode input = manifest.putObject("input");
    features.forEach(input.putArray("features")::add);
    if (idColumn == null) input.putNull("idColumn");
    else input.put("idColumn", idColumn);
    passthrough.forEach(input.putArray("passthrough")::add);
    ObjectNode output = manifest.putObject("output");
    output.put("format", outputFormat);
    outputColumns.forEach(output.putArray("columns")::add);
  }

  /**
   * Refuses (a {@link JobException} naming the key) to continue the run {@code runId} recorded in
   * {@code manifest} when this shape differs from the one it recorded, or it recorded none.
   */
  public void checkSameAs(JsonNode manifest, String runId) {
    String cannot = "cannot resume run " + runId + ": ";
    String advice = "; use mode = overwrite, or the earlier job";
    JsonNode output = manifest.path("output");
    if (!output.has("format") || !manifest.path("model").has("output") || !manifest.path("input").has("features")) {
      throw new JobException("job.output.mode", cannot + "its " + OutputLocation.MANIFEST
          + " does not record the job's model output, columns and format (it was written by an earlier version of Sluice)"
          + "; use mode = overwrite");
    }
    String earlierSha = manifest.path("model").path("sha256").asText("");
    if (!earlierSha.equals(modelSha256)) {
      throw new JobException("job.model.uri", cannot + "the model changed (sha256 " + shortSha(earlierSha)
          + " in the earlier run, " + shortSha(modelSha256) + " now)" + advice);
    }
    if (!output.path("format").asText().equals(outputFormat)) {
      throw new JobException("job.output.format", cannot + "the earlier run wrote " + output.path("format").asText()
          + ", this job writes " + outputFormat + advice);
    }
    JsonNode input = manifest.path("input");
    same("job.input.features", cannot + "the earlier run read the features ", strings(input.path("features")), features, advice);
    String earlierId = input.path("idColumn").isNull() ? null : input.path("idColumn").asText();
    if (earlierId == null ? idColumn != null : !earlierId.equals(idColumn)) {
      throw new JobException("job.input.id-column", cannot + "the earlier run's id column was " + quoted(earlierId)
          + ", this job's is " + quoted(idColumn) + advice);
    }
    same("job.input.passthrough", cannot + "the earlier run passed through ", strings(input.path("passthrough")), passthrough,
        advice);
    String earlierOutput = manifest.path("model").path("output").asText();
    if (!earlierOutput.equals(modelOutput)) {
      throw new JobException("job.model.output", cannot + "the earlier run wrote " + earlierOutput + ", this job writes "
          + modelOutput + advice);
    }
    same("job.model.labels", cannot + "the earlier run wrote the columns ", strings(output.path("columns")), outputColumns,
        advice);
  }

  private static void same(String key, String problem, List<String> earlier, List<String> now, String advice) {
    if (!earlier.equals(now)) throw new JobException(key, problem + earlier + ", this job " + now + advice);
  }

  private static List<String> strings(JsonNode array) {
    List<String> list = new ArrayList<>();
    array.forEach(n -> list.add(n.asText()));
    return list;
  }

  private static String quoted(String column) {
    return column == null ? "none" : "'" + column + "'";
  }

  private static String shortSha(String sha) {
    return sha == null || sha.isEmpty() ? "unknown" : sha.length() > 12 ? sha.substring(0, 12) + "…" : sha;
  }
}
