package io.sluice.engine.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sluice.engine.run.RegisteredJob;
import io.sluice.engine.run.RunDetail;
import io.sluice.engine.run.RunState;
import io.sluice.engine.run.RunStatus;
import java.time.Instant;
import java.util.List;

/**
 * The JSON shapes of the HTTP API (contract §7), written by the server and read back by the
 * command line. Fields are written explicitly so that their names and order are the contract's,
 * and absent values are {@code null} rather than missing.
 */
public final class ApiJson {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private ApiJson() {}

  public static ObjectNode runStatus(RunStatus s) {
    ObjectNode json = MAPPER.createObjectNode();
    json.put("runId", s.runId());
    json.put("job", s.job());
    json.put("status", s.status().name());
    ObjectNode partitions = json.putObject("partitions");
    partitions.put("total", s.partitions().total());
    partitions.put("done", s.partitions().done());
    partitions.put("running", s.partitions().running());
    partitions.put("failed", s.partitions().failed());
    ObjectNode records = json.putObject("records");
    records.put("in", s.records().in());
    records.put("out", s.records().out());
    records.put("bad", s.records().bad());
    json.put("startedAt", instant(s.startedAt()));
    json.put("finishedAt", instant(s.finishedAt()));
    json.put("error", s.error());
    json.put("output", s.output());
    json.put("bytesTotal", s.bytesTotal());
    json.put("bytesDone", s.bytesDone());
    return json;
  }

  public static ArrayNode runStatuses(List<RunStatus> runs) {
    ArrayNode array = MAPPER.createArrayNode();
    runs.forEach(r -> array.add(runStatus(r)));
    return array;
  }

  /** The inverse of {@link #runStatus(RunStatus)}; fails with IllegalArgumentException on a foreign shape. */
  public static RunStatus readRunStatus(JsonNode json) {
    try {
      JsonNode partitions = json.required("partitions");
      JsonNode records = json.required("records");
      return new RunStatus(
          json.required("runId").asText(),
          json.required("job").asText(),
          RunState.valueOf(json.required("status").asText()),
          new RunStatus.Partitions(partitions.path("total").asInt(), partitions.path("done").asInt(),
              partitions.path("running").asInt(), partitions.path("failed").asInt()),
          new RunStatus.Records(records.path("in").asLong(), records.path("out").asLong(), records.path("bad").asLong()),
          readInstant(json.path("startedAt")),
          readInstant(json.path("finishedAt")),
          text(json.path("error")),
          text(json.path("output")),
          json.path("bytesTotal").asLong(),
          json.path("bytesDone").asLong());
    } catch (RuntimeException e) {
      throw new IllegalArgumentException("not a run status: " + e.getMessage(), e);
    }
  }

  /**
   * A registered job without its text: the job may hold secrets, which replies never show. {@code lastFire} is its
   * most recent fire (null before the first), {@code fires} its recent fires, newest first.
   */
  public static ObjectNode registeredJob(RegisteredJob job) {
    ObjectNode json = MAPPER.createObjectNode();
    json.put("name", job.name());
    json.put("schedule", job.schedule());
    json.put("overlap", job.overlap());
    json.put("registeredAt", instant(job.registeredAt()));
    json.put("nextFireTime", instant(job.nextFireTime()));
    RegisteredJob.Fire last = job.lastFire();
    if (last == null) json.putNull("lastFire");
    else json.set("lastFire", fire(last));
    ArrayNode fires = json.putArray("fires");
    job.fires().forEach(f -> fires.add(fire(f)));
    return json;
  }

  /** The answer to a registration: the job, and {@code warnings} (an empty array when there are none). */
  public static ObjectNode registered(RegisteredJob job, List<String> warnings) {
    ObjectNode json = registeredJob(job);
    ArrayNode array = json.putArray("warnings");
    warnings.forEach(array::add);
    return json;
  }

  /**
   * One fire: {@code at}, {@code cause} (schedule, trigger), {@code outcome} (ran, skipped, queued, refused),
   * {@code runId}, {@code reason}.
   */
  public static ObjectNode fire(RegisteredJob.Fire fire) {
    ObjectNode json = MAPPER.createObjectNode();
    json.put("at", instant(fire.at()));
    json.put("cause", fire.cause().label());
    json.put("outcome", fire.outcome().label());
    json.put("runId", fire.runId());
    json.put("reason", fire.reason());
    return json;
  }

  public static ArrayNode registeredJobs(List<RegisteredJob> jobs) {
    ArrayNode array = MAPPER.createArrayNode();
    jobs.forEach(j -> array.add(registeredJob(j)));
    return array;
  }

  /**
   * A run's partitions: {@code id}, {@code source}, {@code offset}, {@code length}, {@code status} (PENDING, RUNNING,
   * WAITING_RETRY, COMMITTED, FAILED), {@code attempts}, {@code recordsIn}, {@code recordsOut}, {@code badRecords},
   * {@code node} (where it runs now, or null), {@code recordsPerSecond}, {@code error}.
   */
  public static ObjectNode partitions(RunDetail detail) {
    ObjectNode json = MAPPER.createObjectNode();
    json.put("runId", detail.status().runId());
    json.put("kept", detail.kept());
    ArrayNode array = json.putArray("partitions");
    for (RunDetail.PartitionView p : detail.partitions()) {
      ObjectNode entry = array.addObject();
      entry.put("id", p.id());
      entry.put("source", p.source());
      entry.put("offset", p.offset());
      entry.put("length", p.length());
      entry.put("status", p.state());
      entry.put("attempts", p.attempts());
      entry.put("recordsIn", p.recordsIn());
      entry.put("recordsOut", p.recordsOut());
      entry.put("badRecords", p.badRecords());
      entry.put("node", p.node());
      entry.put("recordsPerSecond", Math.round(p.recordsPerSecond() * 10) / 10.0);
      entry.put("error", p.error());
    }
    return json;
  }

  /** A run's throughput over time: {@code samples} of {@code at}, {@code recordsIn}, {@code recordsOut}, oldest first. */
  public static ObjectNode throughput(RunDetail detail) {
    ObjectNode json = MAPPER.createObjectNode();
    json.put("runId", detail.status().runId());
    json.put("kept", detail.kept());
    ArrayNode array = json.putArray("samples");
    for (RunDetail.Sample s : detail.throughput()) {
      array.addObject().put("at", instant(s.at())).put("recordsIn", s.recordsIn()).put("recordsOut", s.recordsOut());
    }
    return json;
  }

  /** A sample of a run's bad records: {@code file}, {@code line}, {@code error}, {@code record}, first ones first. */
  public static ObjectNode badRecords(RunDetail detail) {
    ObjectNode json = MAPPER.createObjectNode();
    json.put("runId", detail.status().runId());
    json.put("kept", detail.kept());
    json.put("total", detail.status().records().bad());
    ArrayNode array = json.putArray("badRecords");
    for (RunDetail.BadRecordLine b : detail.badRecords()) {
      ObjectNode entry = array.addObject();
      entry.put("file", b.file());
      if (b.line() < 0) entry.putNull("line");
      else entry.put("line", b.line());
      entry.put("error", b.error());
      entry.put("record", b.record());
    }
    return json;
  }

  /** {@code {"runId": ...}}: the answer to a cancel or a trigger. */
  public static ObjectNode runId(String runId) {
    return MAPPER.createObjectNode().put("runId", runId);
  }

  public static ObjectNode error(String message) {
    return MAPPER.createObjectNode().put("error", message);
  }

  /** Parses a reply or request body; fails with IllegalArgumentException when it is not JSON. */
  public static JsonNode parse(String text) {
    try {
      return MAPPER.readTree(text);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("not JSON: " + e.getOriginalMessage(), e);
    }
  }

  /** The text of a JSON string, or null for JSON null or a missing member. */
  public static String text(JsonNode node) {
    return node.isNull() || node.isMissingNode() ? null : node.asText();
  }

  private static String instant(Instant instant) {
    return instant == null ? null : instant.toString();
  }

  private static Instant readInstant(JsonNode node) {
    String text = text(node);
    return text == null ? null : Instant.parse(text);
  }
}
