package io.sluice.engine.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sluice.engine.testing.PrometheusText;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The example Grafana dashboard in cluster-config/ asks only for series a node exposes. */
class GrafanaDashboardTest {
  private static final Path DASHBOARD = Path.of("..", "cluster-config", "grafana-dashboard.json");
  private static final Pattern SERIES = Pattern.compile("\\b((?:sluice|jvm|process)_[a-z_]+)\\b");

  private enum State { SUCCEEDED }

  @Test
  void everySeriesInTheDashboardIsExposed() throws Exception {
    JsonNode dashboard = new ObjectMapper().readTree(Files.readString(DASHBOARD));
    assertEquals("Sluice", dashboard.path("title").asText());
    Set<String> asked = new TreeSet<>();
    int panels = 0;
    for (JsonNode panel : dashboard.path("panels")) {
      for (JsonNode target : panel.path("targets")) {
        panels++;
        Matcher m = SERIES.matcher(target.path("expr").asText());
        while (m.find()) asked.add(m.group(1));
      }
    }
    assertTrue(panels >= 10 && asked.size() >= 10, "a dashboard of some substance: " + asked);

    Metrics metrics = new Metrics();
    metrics.recordsRead(1);
    metrics.batchLatency(Duration.ofMillis(5));
    metrics.modelLoaded(Duration.ofSeconds(1));
    metrics.scheduleFired("nightly", "ran");
    metrics.runEnded("nightly", State.SUCCEEDED, Instant.now());
    Set<String> exposed = new HashSet<>();
    PrometheusText.parse(metrics.prometheusText()).values()
        .forEach(family -> family.samples().forEach(sample -> exposed.add(sample.name())));
    for (String series : asked) assertTrue(exposed.contains(series), series + " is not exposed; exposed: " + new TreeSet<>(exposed));
  }
}
