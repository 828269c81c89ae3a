package io.sluice.engine.job;

import java.util.List;
import java.util.stream.Collectors;

/**
 * A job that cannot run as written: names the key (or file) and the problem, never a secret.
 * One exception may carry several problems, so that a user mends a job in one go; its message is
 * then one line per problem.
 */
public class JobException extends RuntimeException {
  private final String key;
  private final List<String> problems;

  public JobException(String key, String problem) {
    super(key + ": " + problem);
    this.key = key;
    this.problems = List.of(key + ": " + problem);
  }

  private JobException(List<JobException> all) {
    super(all.stream().map(JobException::getMessage).collect(Collectors.joining("\n")));
    this.key = all.get(0).key();
    this.problems = all.stream().flatMap(e -> e.problems().stream()).toList();
  }

  /** One exception for all of {@code problems} (at least one), in their order. */
  public static JobException of(List<JobException> problems) {
    if (problems.isEmpty()) throw new IllegalArgumentException("no problems");
    return problems.size() == 1 ? problems.get(0) : new JobException(List.copyOf(problems));
  }

  /** The job key (such as {@code job.input.uri}) or file the (first) problem is about. */
  public String key() {
    return key;
  }

  /** Each problem as "key: problem". */
  public List<String> problems() {
    return problems;
  }
}
