package io.sluice.engine.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import io.sluice.engine.plan.Partition;
import io.sluice.engine.run.RegisteredJob;
import io.sluice.engine.run.RunCoordinator;
import io.sluice.engine.run.RunManager;
import io.sluice.engine.run.RunState;
import io.sluice.engine.run.RunStatus;
import io.sluice.engine.plan.PartitionStats;
import io.sluice.engine.work.PartitionWorker;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.cbor.CBORFactory;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.apache.pekko.Done;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.SerializationTestKit;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.serialization.Serialization;
import org.apache.pekko.serialization.SerializationExtension;
import org.apache.pekko.serialization.Serializers;
import org.apache.pekko.serialization.jackson.JacksonObjectMapperProvider;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/** Every message that may cross nodes survives Jackson CBOR, and none falls back to Java serialization. */
class SerializationTest {
  private static final ActorTestKit testKit = ActorTestKit.create(ConfigFactory.parseString("""
      pekko.actor.provider = cluster
      pekko.remote.artery.canonical.port = 0
      pekko.remote.artery.canonical.hostname = 127.0.0.1
      pekko.actor.allow-java-serialization = off
      """).withFallback(ConfigFactory.load()));

  @AfterAll
  static void stop() {
    testKit.shutdownTestKit();
  }

  private static final Instant NOW = Instant.parse("2026-11-28T02:00:00Z");

  private static List<Object> messages() {
    ActorRef<PartitionWorker.Command> worker = testKit.<PartitionWorker.Command>createTestProbe().ref();
    ActorRef<RunCoordinator.Command> coordinator = testKit.<RunCoordinator.Command>createTestProbe().ref();
    ActorRef<RunManager.SubmitReply> submitReply = testKit.<RunManager.SubmitReply>createTestProbe().ref();
    Partition partition = new Partition(3, "file:///in/a.csv", 1024, 1024, 4096, List.of("id", "x"));
    RunStatus status = new RunStatus("r-1", "churn", RunState.RUNNING, new RunStatus.Partitions(4, 1, 2, 0),
        new RunStatus.Records(10, 9, 1), NOW, null, null, "file:///out/", 4096, 1024);
    RegisteredJob job = RegisteredJob.registered("churn", "job { name = churn }", "0 2 * * *", "skip", NOW)
        .withNextFireTime(NOW.plusSeconds(60))
        .withFire(new RegisteredJob.Fire(NOW, RegisteredJob.Cause.SCHEDULE, RegisteredJob.Outcome.RAN, "r-1", null))
        .withFire(new RegisteredJob.Fire(NOW.plusSeconds(1), RegisteredJob.Cause.TRIGGER, RegisteredJob.Outcome.REFUSED,
            null, "job.output.uri: holds a manifest"));
    return List.of(
        new RunCoordinator.RequestPartition(worker),
        new RunCoordinator.PartitionProgress(3, 1, 500),
        new RunCoordinator.PartitionCommitted(3, 2, new PartitionStats(10, 9, 1, "part-00003.csv", "ab12", 300)),
        new RunCoordinator.PartitionFailed(3, 1, "disk full"),
        new RunCoordinator.PartitionReturned(3, 1),
        new RunCoordinator.Cancel(),
        new PartitionWorker.WorkAvailable("r-1", "job { name = churn }", List.of("p_0", "p_1"), coordinator),
        new PartitionWorker.Assignment("r-1", partition, 2),
        new PartitionWorker.NoPartitionLeft("r-1"),
        new PartitionWorker.CancelRun("r-1"),
        new PartitionWorker.RunEnded("r-1"),
        new PartitionWorker.HandBack(testKit.<Done>createTestProbe().ref()),
        new RunManager.SubmitRun("job { name = churn }", submitReply),
        new RunManager.Accepted("r-1"),
        new RunManager.Rejected("job.name: required"),
        new RunManager.GetRun("r-1", testKit.<RunManager.RunReply>createTestProbe().ref()),
        new RunManager.RunReply(status),
        new RunManager.RunReply(null),
        new RunManager.ListRuns(testKit.<RunManager.RunList>createTestProbe().ref()),
        new RunManager.RunList(List.of(status)),
        new RunManager.CancelRun("r-1", testKit.<RunManager.CancelReply>createTestProbe().ref()),
        new RunManager.CancelReply(true),
        new RunManager.RegisterJob("churn", "job { name = churn }", testKit.<RunManager.RegisterReply>createTestProbe().ref()),
        new RunManager.JobRegistered(job, List.of("a warning")),
        new RunManager.ListJobs(testKit.<RunManager.JobList>createTestProbe().ref()),
        new RunManager.JobList(List.of(job)),
        new RunManager.UnregisterJob("churn", testKit.<RunManager.UnregisterReply>createTestProbe().ref()),
        new RunManager.UnregisterReply(false),
        new RunManager.TriggerJob("churn", submitReply),
        new RunManager.RunUpdated(status),
        new RunManager.RunRejected("r-1"),
        status,
        job);
  }

  @Test
  void everyRemoteMessageRoundTripsThroughJacksonCbor() {
    SerializationTestKit kit = testKit.serializationTestKit();
    var serialization = SerializationExtension.get(testKit.system());
    for (Object message : messages()) {
      var serializer = serialization.findSerializerFor(message);
      assertEquals("JacksonCborSerializer", serializer.getClass().getSimpleName(), message.getClass().getName());
      kit.verifySerialization(message, true);
    }
    assertTrue(messages().size() > 30);
  }

  /** A registered job as nodes stored it before fires were recorded. */
  record RegisteredJobBeforeFires(String name, String job, String schedule, String overlap, Instant registeredAt,
      Instant nextFireTime) {}

  /** Registered jobs live in replicated memory across versions: old ones load without fires, new ones load in old nodes. */
  @Test
  void registeredJobsAreReadAcrossTheAdditionOfFires() throws Exception {
    Serialization serialization = SerializationExtension.get(testKit.system());
    ObjectMapper cbor = JacksonObjectMapperProvider.get(testKit.system()).getOrCreate("jackson-cbor", Optional.of(new CBORFactory()));
    RegisteredJob current = RegisteredJob.registered("churn", "job { name = churn }", "@daily", "skip", NOW)
        .withFire(new RegisteredJob.Fire(NOW, RegisteredJob.Cause.SCHEDULE, RegisteredJob.Outcome.SKIPPED, null, "run r-1 was in flight"));
    var serializer = serialization.findSerializerFor(current);
    String manifest = Serializers.manifestFor(serializer, current);

    ObjectNode old = (ObjectNode) cbor.readTree(serialization.serialize(current).get());
    old.remove("fires");
    RegisteredJob loaded = (RegisteredJob) serialization.deserialize(cbor.writeValueAsBytes(old), serializer.identifier(), manifest).get();
    assertEquals(List.of(), loaded.fires());
    assertEquals(current.withFires(List.of()), loaded);

    RegisteredJobBeforeFires inAnOldNode = cbor.readValue(serialization.serialize(current).get(), RegisteredJobBeforeFires.class);
    assertEquals("@daily", inAnOldNode.schedule());
    assertEquals(NOW, inAnOldNode.registeredAt());
  }
}
