package io.sluice.engine.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import io.sluice.connectors.format.CsvSettings;
import io.sluice.engine.CborSerializable;
import io.sluice.engine.job.JobParser;
import io.sluice.engine.job.JobSpec;
import io.sluice.engine.testing.ClassFiles;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.Set;
import java.util.TreeSet;
import io.sluice.engine.plan.Partition;
import io.sluice.engine.run.RegisteredJob;
import io.sluice.engine.run.RunCoordinator;
import io.sluice.engine.run.RunManager;
import io.sluice.engine.run.RunState;
import io.sluice.engine.run.RunStatus;
import io.sluice.engine.work.PartitionWorker;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.cbor.CBORFactory;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.SerializationTestKit;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.serialization.Serialization;
import org.apache.pekko.serialization.SerializationExtension;
import org.apache.pekko.serialization.Serializers;
import org.apache.pekko.serialization.jackson.JacksonObjectMapperProvider;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * Every message that may cross nodes survives Jackson CBOR, and none falls back to Java serialization. The messages are
 * found in the compiled protocols, so a new one without a serializable shape fails here.
 */
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

  /** A job with remote stores' settings, durations, enums and URIs: all of it travels inside messages. */
  private static final JobSpec JOB = JobParser.parse("""
      job {
        name = churn
        input { uri = "s3://bucket/in/", format = jsonl, features = ["a", "b"], passthrough = ["region"]
                s3 { region = eu-west-1, path-style-access = true, secret-access-key-secret = "s3-key" } }
        model { uri = "file:///models/churn.zip", output = label, labels = ["stay", "churn"] }
        batching { max-size = 512, max-wait = 35ms }
        output { uri = "sftp://host:2222/out/", mode = resume, sftp { user = batch, known-hosts = "/etc/known" } }
        errors { max-bad-record-fraction = 0.25, batch-timeout = 2m, lease-timeout = 45s }
      }
      """);

  private static final Partition PARTITION = new Partition(3, "file:///in/a.csv", 1024, 1024, 4096, List.of("id", "x"));
  private static final RunStatus STATUS = new RunStatus("r-1", "churn", RunState.RUNNING, new RunStatus.Partitions(4, 1, 2, 0),
      new RunStatus.Records(10, 9, 1), NOW, null, null, "file:///out/", 4096, 1024);
  private static final RegisteredJob REGISTERED = RegisteredJob.registered("churn", "job { name = churn }", "0 2 * * *", "skip", NOW)
      .withNextFireTime(NOW.plusSeconds(60))
      .withFire(new RegisteredJob.Fire(NOW, RegisteredJob.Cause.SCHEDULE, RegisteredJob.Outcome.RAN, "r-1", null))
      .withFire(new RegisteredJob.Fire(NOW.plusSeconds(1), RegisteredJob.Cause.TRIGGER, RegisteredJob.Outcome.REFUSED,
          null, "job.output.uri: holds a manifest"));

  /**
   * Every message type that may cross nodes, found in the compiled engine: the public leaves of each sealed protocol
   * hierarchy (an actor's {@code Command}, a worker's {@code Report}, a reply type), and every other public record
   * marked {@link CborSerializable}. Private messages stay inside their actor.
   */
  private static Set<Class<?>> messageTypes() throws ClassNotFoundException {
    Path classes = ClassFiles.folderOf(CborSerializable.class);
    Set<Class<?>> found = new TreeSet<>(Comparator.comparing(Class::getName));
    for (Path file : ClassFiles.under(classes)) {
      Class<?> type = Class.forName(ClassFiles.className(classes, file), false, SerializationTest.class.getClassLoader());
      if (type.isInterface() && CborSerializable.class.isAssignableFrom(type) && type != CborSerializable.class) {
        assertTrue(type.isSealed(), type.getName() + " is a protocol: it must be sealed, so that its messages are known");
        addLeaves(type, found);
      } else if (type.isRecord() && CborSerializable.class.isAssignableFrom(type) && Modifier.isPublic(type.getModifiers())) {
        found.add(type);
      }
    }
    return found;
  }

  private static void addLeaves(Class<?> type, Set<Class<?>> found) {
    if (type.isSealed()) {
      for (Class<?> sub : type.getPermittedSubclasses()) addLeaves(sub, found);
    } else if (Modifier.isPublic(type.getModifiers())) {
      found.add(type);
    }
  }

  /** A value of {@code type} for a message's component: a real one where the type has rules, else built from its parts. */
  private static Object sample(Type generic, String where) {
    Class<?> type = generic instanceof ParameterizedType p ? (Class<?>) p.getRawType() : (Class<?>) generic;
    if (type == String.class) return "r-1";
    if (type == int.class || type == Integer.class) return 3;
    if (type == long.class || type == Long.class) return 4096L;
    if (type == double.class || type == Double.class) return 0.25;
    if (type == boolean.class || type == Boolean.class) return true;
    if (type == byte.class || type == Byte.class) return (byte) ';';
    if (type == Instant.class) return NOW;
    if (type == Duration.class) return Duration.ofSeconds(45);
    if (type == URI.class) return URI.create("file:///out/");
    if (type == JobSpec.class) return JOB;
    if (type == Partition.class) return PARTITION;
    if (type == CsvSettings.class) return CsvSettings.defaults();
    if (type == RunStatus.class) return STATUS;
    if (type == RegisteredJob.class) return REGISTERED;
    if (type == ActorRef.class) return testKit.createTestProbe().ref();
    if (type.isEnum()) return type.getEnumConstants()[0];
    if (type == List.class) {
      return List.of(sample(((ParameterizedType) generic).getActualTypeArguments()[0], where));
    }
    if (type.isRecord()) return construct(type);
    if (type.isSealed()) return sample(type.getPermittedSubclasses()[0], where);
    throw new AssertionError(where + " holds a " + generic.getTypeName() + ", which has no serializable shape known here: "
        + "make it a record of serializable parts (and add a sample above if it has rules)");
  }

  private static Object construct(Class<?> record) {
    RecordComponent[] components = record.getRecordComponents();
    Object[] values = new Object[components.length];
    Class<?>[] types = new Class<?>[components.length];
    for (int i = 0; i < components.length; i++) {
      values[i] = sample(components[i].getGenericType(), record.getName() + "." + components[i].getName());
      types[i] = components[i].getType();
    }
    try {
      var constructor = record.getDeclaredConstructor(types);
      constructor.setAccessible(true);
      return constructor.newInstance(values);
    } catch (ReflectiveOperationException e) {
      throw new AssertionError("cannot build a " + record.getName(), e);
    }
  }

  @Test
  void everyMessageOfTheProtocolsRoundTripsThroughJacksonCbor() throws Exception {
    SerializationTestKit kit = testKit.serializationTestKit();
    var serialization = SerializationExtension.get(testKit.system());
    Set<Class<?>> types = messageTypes();
    for (Class<?> type : types) {
      assertTrue(CborSerializable.class.isAssignableFrom(type), type.getName() + " crosses nodes: mark it CborSerializable");
      Object message = sample(type, type.getName());
      var serializer = serialization.findSerializerFor(message);
      assertEquals("JacksonCborSerializer", serializer.getClass().getSimpleName(), type.getName());
      kit.verifySerialization(message, true);
    }
    for (Class<?> expected : List.of(PartitionWorker.Assignment.class, PartitionWorker.PartitionCommitted.class,
        PartitionWorker.WorkAvailable.class, RunCoordinator.Cancel.class, RunManager.SubmitRun.class, RunManager.Accepted.class,
        RunManager.RunList.class)) {
      assertTrue(types.contains(expected), "found " + expected.getName() + " among " + types.size() + " message types");
    }
  }

  /** A message as someone might add it: carrying a live object that has no serializable shape. */
  public record CarriesALiveObject(String runId, Thread thread) implements CborSerializable {}

  @Test
  void aMessageWithoutASerializableShapeFailsTheCheck() {
    AssertionError e = assertThrows(AssertionError.class, () -> sample(CarriesALiveObject.class, "CarriesALiveObject"));
    assertTrue(e.getMessage().contains("java.lang.Thread"), e.getMessage());
  }

  @Test
  void aJobTravelsAsTheValueItWasParsedInto() {
    SerializationTestKit kit = testKit.serializationTestKit();
    JobSpec back = (JobSpec) kit.verifySerialization(JOB, false);
    assertEquals(JOB, back);
    assertEquals(URI.create("sftp://host:2222/out/"), back.output().uri());
    assertEquals(Duration.ofSeconds(45), back.errors().leaseTimeout());
    assertEquals(Duration.ofMillis(35), back.batching().maxWait());
    assertEquals("eu-west-1", back.input().store().getString("region"));
    assertEquals("s3-key", back.input().store().getString("secret-access-key-secret"));
    assertEquals(JOB.output().mode(), back.output().mode());
    assertEquals(JOB.input().csv(), back.input().csv());
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
