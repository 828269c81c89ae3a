package io.sluice.engine.plan;

import io.sluice.engine.Failures;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import org.apache.pekko.stream.Materializer;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.stream.javadsl.Source;

/**
 * One call per input file, several in flight at once (a folder of small files has thousands of headers or footers to
 * read, a remote store's each a round trip), answered in input order: the results, or the failure of the first file
 * in input order that failed, however the calls interleave.
 */
final class InputOrder {
  private InputOrder() {}

  private record Outcome<T>(T value, Throwable failure) {}

  static <A, T> CompletionStage<List<T>> map(List<A> items, int inFlight, Function<A, CompletionStage<T>> call,
      Materializer materializer) {
    return Source.from(items)
        .mapAsync(inFlight, item -> call.apply(item).handle(Outcome::new))
        .runWith(Sink.seq(), materializer)
        .thenApply(outcomes -> {
          List<T> values = new ArrayList<>(outcomes.size());
          for (Outcome<T> outcome : outcomes) {
            if (outcome.failure() != null) {
              Throwable cause = Failures.unwrap(outcome.failure());
              throw cause instanceof RuntimeException r ? r : new CompletionException(cause);
            }
            values.add(outcome.value());
          }
          return values;
        });
  }
}
