package io.sluice.engine.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.sluice.engine.job.AllowedLocations;
import io.sluice.engine.job.JobParser;
import io.sluice.engine.job.JobSpec;
import io.sluice.engine.run.RunDetail;
import io.sluice.engine.run.RunManager;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import java.util.function.Supplier;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpEntity;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.StatusCode;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.model.headers.RawHeader;
import org.apache.pekko.http.javadsl.server.AllDirectives;
import org.apache.pekko.http.javadsl.server.ExceptionHandler;
import org.apache.pekko.http.javadsl.server.PathMatchers;
import org.apache.pekko.http.javadsl.server.RejectionHandler;
import org.apache.pekko.http.javadsl.server.Route;
import org.apache.pekko.http.javadsl.unmarshalling.Unmarshaller;
import scala.jdk.javaapi.DurationConverters;

/**
 * The routes of the HTTP API (contract §7): each call is translated to {@link RunManager}
 * messages and their answers to a status code and JSON. Request bodies (jobs, which may hold
 * secrets) are passed on, never logged or echoed.
 */
final class ApiRoutes extends AllDirectives {
  private static final Duration ASK_TIMEOUT = Duration.ofSeconds(5);
  /** Pekko's own request timeout must leave the manager's answer (or our 503) time to arrive. */
  private static final Duration RESPONSE_MARGIN = Duration.ofSeconds(5);

  private final ActorSystem<?> system;
  private final ActorRef<RunManager.Command> manager;
  private final Duration submitTimeout;
  private final Optional<BearerToken> token;
  private final BrowserGuard browsers;
  private final AllowedLocations allowed;

  ApiRoutes(ActorSystem<?> system, ActorRef<RunManager.Command> manager, ApiSettings settings) {
    this.system = system;
    this.manager = manager;
    this.submitTimeout = settings.submitTimeout();
    this.token = settings.token().map(BearerToken::new);
    this.browsers = new BrowserGuard(settings.host(), settings.port());
    this.allowed = AllowedLocations.of(system.settings().config());
  }

  /** The port the server is bound to, for the Origin and Host checks (the configured one may be 0). */
  void boundTo(int port) {
    browsers.boundTo(port);
  }

  Route route() {
    return handleExceptions(internalErrors(), () -> browsers.route(() -> handleRejections(
        RejectionHandler.defaultHandler().mapRejectionResponse(ApiRoutes::asJson), () -> concat(
            pathPrefix("api", () -> authorized(() -> pathPrefix("v1", () -> concat(runs(), jobs(), nodes())))),
            new NodeRoutes(system).route(),
            new ConsoleRoutes().route()))));
  }

  private Route runs() {
    return pathPrefix("runs", () -> concat(
        pathEnd(() -> concat(
            post(() -> entity(Unmarshaller.entityToString(), this::submit)),
            get(() -> reply(ask(RunManager.ListRuns::new, ASK_TIMEOUT),
                list -> json(StatusCodes.OK, ApiJson.runStatuses(list.runs())))))),
        pathPrefix(PathMatchers.segment(), runId -> concat(
            pathEnd(() -> get(() -> reply(this.<RunManager.RunReply>ask(r -> new RunManager.GetRun(runId, r), ASK_TIMEOUT), found -> found.status() == null
                ? json(StatusCodes.NOT_FOUND, ApiJson.error(noRun(runId)))
                : json(StatusCodes.OK, ApiJson.runStatus(found.status()))))),
            path("cancel", () -> post(() -> cancel(runId))),
            path("partitions", () -> get(() -> detail(runId, false, ok(ApiJson::partitions)))),
            path("throughput", () -> get(() -> detail(runId, false, ok(ApiJson::throughput)))),
            path("bad-records", () -> get(() -> detail(runId, false, ok(ApiJson::badRecords)))),
            path("manifest", () -> get(() -> detail(runId, true, this::manifest)))))));
  }

  /** What the console shows of one run, from its detail; 404 for an unknown run. */
  private Route detail(String runId, boolean withManifest, Function<RunDetail, HttpResponse> render) {
    return reply(this.<RunManager.RunDetailReply>ask(r -> new RunManager.GetRunDetail(runId, withManifest, r), ASK_TIMEOUT),
        found -> found.detail() == null ? json(StatusCodes.NOT_FOUND, ApiJson.error(noRun(runId))) : render.apply(found.detail()));
  }

  private static Function<RunDetail, HttpResponse> ok(Function<RunDetail, JsonNode> render) {
    return detail -> json(StatusCodes.OK, render.apply(detail));
  }

  /** The manifest as the output location holds it; 404 while the run is being planned or once it is no longer kept. */
  private HttpResponse manifest(RunDetail detail) {
    return detail.manifest() == null
        ? json(StatusCodes.NOT_FOUND, ApiJson.error("no manifest of run '" + detail.status().runId()
            + "' is kept here; read _manifest.json in " + detail.status().output()))
        : json(StatusCodes.OK, ApiJson.parse(detail.manifest()));
  }

  /** The cluster's nodes: roles, status, partitions running and their rate. */
  private Route nodes() {
    return path("nodes", () -> get(() -> reply(NodeList.list(system, manager, ASK_TIMEOUT),
        list -> json(StatusCodes.OK, list))));
  }

  private Route jobs() {
    return pathPrefix("jobs", () -> concat(
        pathEnd(() -> get(() -> reply(ask(RunManager.ListJobs::new, ASK_TIMEOUT),
            list -> json(StatusCodes.OK, ApiJson.registeredJobs(list.jobs()))))),
        pathPrefix(PathMatchers.segment(), name -> concat(
            pathEnd(() -> concat(
                put(() -> entity(Unmarshaller.entityToString(), body -> register(name, body))),
                delete(() -> reply(this.<RunManager.UnregisterReply>ask(r -> new RunManager.UnregisterJob(name, r), ASK_TIMEOUT), removed -> removed.found()
                    ? HttpResponse.create().withStatus(StatusCodes.NO_CONTENT)
                    : json(StatusCodes.NOT_FOUND, ApiJson.error(noJob(name))))))),
            path("runs", () -> post(() -> trigger(name)))))));
  }

  /** The manager answers once the run is planned, which may take a while (listing, model check). */
  private Route submit(String job) {
    Optional<String> refused = outsideAllowed(job);
    if (refused.isPresent()) return complete(json(StatusCodes.FORBIDDEN, ApiJson.error(refused.get())));
    return planning(this.<RunManager.SubmitReply>ask(r -> new RunManager.SubmitRun(job, r), submitTimeout).thenApply(ApiRoutes::submitted));
  }

  /** 404 for a name that is not registered, 403 when it names a location not allowed here, 400 when it cannot start now. */
  private Route trigger(String name) {
    return planning(this.<RunManager.JobList>ask(RunManager.ListJobs::new, ASK_TIMEOUT)
        .thenCompose(list -> {
          var found = list.jobs().stream().filter(j -> j.name().equals(name)).findFirst();
          if (found.isEmpty()) return CompletableFuture.completedFuture(json(StatusCodes.NOT_FOUND, ApiJson.error(noJob(name))));
          Optional<String> refused = outsideAllowed(found.get().job());
          if (refused.isPresent()) return CompletableFuture.completedFuture(json(StatusCodes.FORBIDDEN, ApiJson.error(refused.get())));
          return this.<RunManager.SubmitReply>ask(r -> new RunManager.TriggerJob(name, r), submitTimeout)
              .thenApply(ApiRoutes::submitted);
        }));
  }

  private Route planning(CompletionStage<HttpResponse> response) {
    return withRequestTimeout(DurationConverters.toScala(submitTimeout.plus(RESPONSE_MARGIN)), () ->
        completeWithFuture(response.exceptionally(failure -> unavailable(submitTimeout,
            "the run may still start: see GET /api/v1/runs"))));
  }

  /** An unknown run is 404; one that already ended cannot be cancelled, which is a conflict. */
  private Route cancel(String runId) {
    CompletionStage<HttpResponse> response = this.<RunManager.CancelReply>ask(r -> new RunManager.CancelRun(runId, r), ASK_TIMEOUT)
        .thenCompose(cancelled -> cancelled.found()
            ? CompletableFuture.completedFuture(json(StatusCodes.ACCEPTED, ApiJson.runId(runId)))
            : this.<RunManager.RunReply>ask(r -> new RunManager.GetRun(runId, r), ASK_TIMEOUT).thenApply(known -> known.status() == null
                ? json(StatusCodes.NOT_FOUND, ApiJson.error(noRun(runId)))
                : json(StatusCodes.CONFLICT, ApiJson.error("run '" + runId + "' already ended as " + known.status().status()))));
    return completeWithFuture(response.exceptionally(failure -> unavailable(ASK_TIMEOUT, "try again")));
  }

  private Route register(String name, String job) {
    Optional<String> refused = outsideAllowed(job);
    if (refused.isPresent()) return complete(json(StatusCodes.FORBIDDEN, ApiJson.error(refused.get())));
    // A registration is written to a majority of nodes (and to disk) before it is confirmed, which
    // may take the replication's own timeout: wait as long as for a submit.
    return reply(this.<RunManager.RegisterReply>ask(r -> new RunManager.RegisterJob(name, job, r), submitTimeout), answer ->
        answer instanceof RunManager.JobRegistered registered
            ? json(StatusCodes.OK, ApiJson.registered(registered.job(), registered.warnings()))
            : json(StatusCodes.BAD_REQUEST, ApiJson.error(((RunManager.Rejected) answer).error())));
  }

  /**
   * Why the job may not run on this node: a location outside {@code sluice.security.allowed-locations}
   * (403). Text that does not parse passes here: the manager refuses it with its own reasons (400).
   */
  private Optional<String> outsideAllowed(String text) {
    if (allowed.allowsAny()) return Optional.empty();
    JobSpec job;
    try {
      job = JobParser.parse(text);
    } catch (RuntimeException | StackOverflowError e) {
      return Optional.empty();
    }
    return allowed.refusal(job);
  }

  /** Lets {@code inner} answer only callers with the bearer token, when one is configured. */
  private Route authorized(Supplier<Route> inner) {
    if (token.isEmpty()) return inner.get();
    return optionalHeaderValueByName("Authorization", header -> token.get().accepts(header.orElse(null))
        ? inner.get()
        : complete(json(StatusCodes.UNAUTHORIZED, ApiJson.error("missing or wrong bearer token"))
            .addHeader(RawHeader.create("WWW-Authenticate", "Bearer"))));
  }

  private <T> CompletionStage<T> ask(Function<ActorRef<T>, RunManager.Command> message, Duration timeout) {
    return AskPattern.ask(manager, message::apply, timeout, system.scheduler());
  }

  private <T> Route reply(CompletionStage<T> answer, Function<T, HttpResponse> toResponse) {
    return completeWithFuture(answer.thenApply(toResponse).exceptionally(failure -> unavailable(ASK_TIMEOUT, "try again")));
  }

  /** A manager that does not answer (busy, or moving to another node) makes the API unavailable, not broken. */
  private static HttpResponse unavailable(Duration waited, String advice) {
    return json(StatusCodes.SERVICE_UNAVAILABLE,
        ApiJson.error("the run manager did not answer within " + waited.toSeconds() + " s; " + advice));
  }

  private ExceptionHandler internalErrors() {
    return ExceptionHandler.newBuilder().matchAny(e -> {
      system.log().error("HTTP API: unexpected failure", e);
      return complete(json(StatusCodes.INTERNAL_SERVER_ERROR, ApiJson.error("internal error; see the node's log")));
    }).build();
  }

  /** Pekko's rejections (404 for unknown paths, 405 for a wrong method, ...) as JSON errors. */
  private static HttpResponse asJson(HttpResponse response) {
    if (response.entity() instanceof HttpEntity.Strict strict && !strict.getContentType().equals(ContentTypes.APPLICATION_JSON)) {
      return response.withEntity(ContentTypes.APPLICATION_JSON, ApiJson.error(strict.getData().utf8String()).toString());
    }
    return response;
  }

  /**
   * 202 with the new run's id and status; 202 with status QUEUED (and no run id yet) for a
   * trigger queued behind a run of its job; 409 naming the run in flight that holds the output
   * location (or the job, with overlap = skip); 400 with why the job was refused.
   */
  private static HttpResponse submitted(RunManager.SubmitReply answer) {
    if (answer instanceof RunManager.Accepted accepted) {
      return json(StatusCodes.ACCEPTED, ApiJson.runId(accepted.runId()).put("status", "RUNNING"));
    }
    if (answer instanceof RunManager.Queued queued) {
      return json(StatusCodes.ACCEPTED, JsonNodeFactory.instance.objectNode()
          .put("job", queued.job()).put("status", "QUEUED").put("behind", queued.behind()));
    }
    if (answer instanceof RunManager.Conflict conflict) {
      return json(StatusCodes.CONFLICT, ApiJson.error(conflict.error()).put("heldBy", conflict.heldBy()));
    }
    return json(StatusCodes.BAD_REQUEST, ApiJson.error(((RunManager.Rejected) answer).error()));
  }

  private static HttpResponse json(StatusCode status, JsonNode body) {
    return HttpResponse.create().withStatus(status).withEntity(ContentTypes.APPLICATION_JSON, body.toString());
  }

  private static String noRun(String runId) {
    return "no run with id '" + runId + "'";
  }

  private static String noJob(String name) {
    return "no registered job named '" + name + "'";
  }
}
