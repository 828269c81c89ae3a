package io.sluice.engine.job;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigRenderOptions;
import com.typesafe.config.ConfigValueFactory;
import com.typesafe.config.ConfigValueType;
import io.sluice.connectors.format.CsvSettings;
import io.sluice.connectors.format.RecordFormat;
import io.sluice.connectors.storage.StoreSettings;
import io.sluice.engine.model.ModelFormat;
import io.sluice.engine.model.OnnxSettings;
import io.sluice.engine.model.OutputMode;
import io.sluice.engine.schedule.CronSchedule;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Turns a job's HOCON into a {@link JobSpec}, refusing unknown keys, wrong types and
 * out-of-range values with a {@link JobException} that names the key.
 */
public final class JobParser {
  private static final Config DEFAULTS = ConfigFactory.parseResources("sluice-job-defaults.conf");
  private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9_-]*");
  /** "scheme://user[:password]@host": user info before the host. */
  private static final Pattern USER_INFO = Pattern.compile("^[A-Za-z][A-Za-z0-9+.-]*://[^/?#]*@");
  private static final Set<String> SCHEMES = Set.of("file", "s3", "ftp", "ftps", "sftp", "jdbc");
  private static final long MIN_SPLIT = 1024;
  private static final int MAX_BATCH = 65_536;
  /** Unknown keys named one by one; more are counted, so that a flood of keys is answered quickly. */
  private static final int MAX_UNKNOWN_KEYS = 20;

  private JobParser() {}

  /** Parses a resolved config that holds a {@code job { }} block. */
  public static JobSpec parse(Config config) {
    if (!config.hasPath("job") || config.getValue("job").valueType() != ConfigValueType.OBJECT) {
      throw new JobException("job", "missing: a job file holds a `job { ... }` block");
    }
    Config user = config.withOnlyPath("job");
    List<JobException> problems = new ArrayList<>();
    rejectUnknownKeys(user, problems);
    Config absolute = withAbsoluteLocalFiles(user);
    Config c = absolute.withFallback(DEFAULTS);
    JobSpec job = build(c, absolute, problems);
    if (!problems.isEmpty()) throw JobException.of(problems);
    return job;
  }

  /** Runs one part of the parse; its problem is kept with the others and null stands in for its value. */
  private static <T> T part(List<JobException> problems, java.util.function.Supplier<T> parse) {
    try {
      return wrap(parse);
    } catch (JobException e) {
      problems.add(e);
      return null;
    }
  }

  /**
   * Parses HOCON or JSON text, as sent to the API or carried between nodes, as data: no
   * {@code include}, no substitutions (a client resolves its own, see {@link JobFiles}), at most
   * {@link SubmittedText#MAX_CHARS} characters nested at most {@link SubmittedText#MAX_DEPTH} deep.
   * Every problem, however hostile the text, is a {@link JobException} naming the key.
   */
  public static JobSpec parse(String hocon) {
    Config config = SubmittedText.parse(hocon);
    try {
      return parse(config);
    } catch (JobException e) {
      throw e;
    } catch (RuntimeException | StackOverflowError e) {
      throw new JobException("job", "cannot be read: " + SubmittedText.describe(e));
    }
  }

  /** The job, or null when {@code problems} gained any: every part is checked, so all problems come at once. */
  private static JobSpec build(Config c, Config user, List<JobException> problems) {
    String name = part(problems, () -> {
      String text = required(c, "job.name");
      if (!NAME.matcher(text).matches()) {
        throw new JobException("job.name", "'" + text + "' must match [a-z0-9][a-z0-9_-]*");
      }
      return text;
    });
    JobSpec.Input input = part(problems, () -> input(c));
    JobSpec.Model model = part(problems, () -> {
      URI modelUri = location(c, "job.model.uri");
      return new JobSpec.Model(
          modelUri,
          enumValue(c, "job.model.format", ModelFormat.class),
          enumValue(c, "job.model.output", OutputMode.class),
          c.getStringList("job.model.labels"),
          onnx(c),
          store(c, "job.model", modelUri));
    });
    JobSpec.Batching batching = part(problems, () -> new JobSpec.Batching(
        intIn(c, "job.batching.max-size", 1, MAX_BATCH), nonNegative(c, "job.batching.max-wait")));
    JobSpec.Workers workers = part(problems, () ->
        new JobSpec.Workers(replicas(c), intIn(c, "job.workers.partitions-in-flight", 1, 256)));
    JobSpec.Output output = part(problems, () -> {
      URI outputUri = location(c, "job.output.uri");
      return new JobSpec.Output(
          outputUri,
          enumValue(c, "job.output.format", RecordFormat.class),
          enumValue(c, "job.output.mode", WriteMode.class),
          store(c, "job.output", outputUri),
          parquetOutput(c));
    });
    JobSpec.Errors errors = part(problems, () -> errors(c));
    if (input != null) JdbcLocation.checkInput(input, problems);
    if (model != null) JdbcLocation.checkModel(model.uri(), problems);
    if (output != null) JdbcLocation.checkOutput(output, problems);
    if (output != null && input != null && !output.uri().isOpaque() && inside(output.uri(), input.uri())) {
      problems.add(new JobException("job.output.uri", "'" + output.uri() + "' lies inside job.input.uri: a later run would read "
          + "this run's part files as input"));
    }
    String schedule = part(problems, () -> {
      String text = c.getIsNull("job.schedule") ? null : c.getString("job.schedule");
      if (text != null) {
        try {
          CronSchedule.parse(text);
        } catch (IllegalArgumentException e) {
          throw new JobException("job.schedule", "'" + text + "' is not a cron expression: " + e.getMessage());
        }
      }
      return text;
    });
    String overlap = part(problems, () -> {
      String text = c.getString("job.overlap");
      if (!text.equals("skip") && !text.equals("queue")) {
        throw new JobException("job.overlap", "'" + text + "' is not one of skip, queue");
      }
      return text;
    });
    if (!problems.isEmpty()) return null;
    String source = located(user, input.uri(), model.uri(), output.uri()).root().render(ConfigRenderOptions.concise());
    return new JobSpec(name, input, model, batching, workers, output, errors, schedule, overlap, source);
  }

  private static JobSpec.Input input(Config c) {
    RecordFormat format = enumValue(c, "job.input.format", RecordFormat.class);
    CsvSettings csv = new CsvSettings(
        oneChar(c, "job.input.csv.delimiter"),
        oneChar(c, "job.input.csv.quote"),
        c.getBoolean("job.input.csv.header"),
        c.getBoolean("job.input.csv.multiline"));
    if (csv.delimiter() == csv.quote()) {
      throw new JobException("job.input.csv.quote", "must differ from job.input.csv.delimiter");
    }
    if (c.getIsNull("job.input.features")) throw new JobException("job.input.features", "required");
    List<String> features = c.getStringList("job.input.features");
    if (features.isEmpty()) throw new JobException("job.input.features", "lists no column");
    String id = c.getIsNull("job.input.id-column") ? null : c.getString("job.input.id-column");
    long split = c.getBytes("job.input.split-size");
    if (split < MIN_SPLIT) throw new JobException("job.input.split-size", split + " bytes is below the minimum of 1KiB");
    long openCost = c.getBytes("job.input.open-cost");
    if (openCost < 0) throw new JobException("job.input.open-cost", "must not be negative");
    long maxLine = c.getBytes("job.input.max-line-length");
    if (maxLine < 16 || maxLine > 256L * 1024 * 1024) {
      throw new JobException("job.input.max-line-length", maxLine + " bytes is outside 16B..256MiB");
    }
    URI uri = location(c, "job.input.uri");
    return new JobSpec.Input(uri, format, csv, id, features,
        c.getStringList("job.input.passthrough"), split, openCost, (int) maxLine, store(c, "job.input", uri));
  }

  private static final Duration MIN_LEASE = Duration.ofMillis(300);

  /** Checked here as text, so that checking a CSV job loads no Parquet class. */
  private static JobSpec.ParquetOutput parquetOutput(Config c) {
    String compression = c.getString("job.output.parquet.compression").toLowerCase(Locale.ROOT);
    if (!List.of("snappy", "zstd", "gzip", "none").contains(compression)) {
      throw new JobException("job.output.parquet.compression", "'" + compression + "' is not one of snappy, zstd, gzip, none");
    }
    long rowGroup = c.getBytes("job.output.parquet.row-group-size");
    if (rowGroup < 64 * 1024 || rowGroup > 1024L * 1024 * 1024) {
      throw new JobException("job.output.parquet.row-group-size", rowGroup + " bytes is outside 64KiB..1GiB");
    }
    return new JobSpec.ParquetOutput(compression, rowGroup);
  }

  private static JobSpec.Errors errors(Config c) {
    long maxBad = c.getLong("job.errors.max-bad-records");
    if (maxBad < 0) throw new JobException("job.errors.max-bad-records", "must not be negative");
    double fraction = c.getDouble("job.errors.max-bad-record-fraction");
    if (!(fraction >= 0 && fraction <= 1)) {
      throw new JobException("job.errors.max-bad-record-fraction", fraction + " is outside 0..1");
    }
    Duration timeout = c.getDuration("job.errors.batch-timeout");
    if (timeout.isZero() || timeout.isNegative()) throw new JobException("job.errors.batch-timeout", "must be positive");
    Duration lease = c.getDuration("job.errors.lease-timeout");
    // a heartbeat goes out every third of the lease, so a shorter lease would flood the coordinator
    if (lease.compareTo(MIN_LEASE) < 0) throw new JobException("job.errors.lease-timeout", "must be at least " + MIN_LEASE.toMillis() + "ms");
    return new JobSpec.Errors(maxBad, fraction, intIn(c, "job.errors.partition-retries", 0, 100),
        nonNegative(c, "job.errors.retry-backoff"), timeout, lease);
  }

  private static OnnxSettings onnx(Config c) {
    String threads = "job.model.onnx.threads";
    boolean auto = c.getValue(threads).valueType() == ConfigValueType.STRING && c.getString(threads).equals("auto");
    return new OnnxSettings(c.getString("job.model.onnx.input"), c.getString("job.model.onnx.output"),
        auto ? 0 : intIn(c, threads, 1, 256));
  }

  private static int replicas(Config c) {
    String key = "job.workers.model-replicas";
    if (c.getValue(key).valueType() == ConfigValueType.STRING && c.getString(key).equals("auto")) return 0;
    return intIn(c, key, 1, 256);
  }

  /** A location as a URI; a bare path is taken relative to the working directory. */
  static URI location(Config c, String key) {
    String text = required(c, key);
    if (USER_INFO.matcher(text).find()) {
      // Not echoed: the text holds a password, and error messages reach logs and API replies.
      throw new JobException(key, "credentials in the URI (user:password@host) are refused for every scheme: they would "
          + "show in status, manifests and logs; give them in the location's settings block (user, password-secret, ...)");
    }
    URI uri;
    try {
      uri = text.contains(":") ? new URI(text) : Path.of(text).toAbsolutePath().toUri();
    } catch (Exception e) {
      throw new JobException(key, "'" + text + "' is not a valid URI");
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (!SCHEMES.contains(scheme)) {
      throw new JobException(key, "scheme '" + scheme + "' is not one of " + new TreeSet<>(SCHEMES));
    }
    if (scheme.equals("jdbc")) return JdbcLocation.check(key, text, uri);
    if (scheme.equals("file") && (uri.getPath() == null || !uri.getPath().startsWith("/"))) {
      throw new JobException(key, "'" + text + "' is not an absolute file URI (file:///abs/path)");
    }
    if (uri.getPath() != null && List.of(uri.getPath().split("/")).contains("..")) {
      throw new JobException(key, "'" + text + "' climbs out of the location it names with '..'; write the path it means");
    }
    return uri;
  }

  /** Settings of the store blocks that name a file on the local machine. */
  private static final List<String> LOCAL_FILE_SETTINGS = List.of("sftp.private-key", "sftp.known-hosts", "ftp.trust-store");

  /**
   * The job with every location as the absolute URI it was resolved to: a bare {@code data/in/}
   * means the working directory of whoever read the file (the CLI that submits it, say), not that
   * of the node or worker that parses the text again.
   */
  private static Config located(Config user, URI input, URI model, URI output) {
    return user
        .withValue("job.input.uri", ConfigValueFactory.fromAnyRef(input.toString()))
        .withValue("job.model.uri", ConfigValueFactory.fromAnyRef(model.toString()))
        .withValue("job.output.uri", ConfigValueFactory.fromAnyRef(output.toString()));
  }

  /** The job with relative local files of its store blocks (a key, known hosts, a trust store) made absolute, as locations are. */
  private static Config withAbsoluteLocalFiles(Config user) {
    Config absolute = user;
    for (String location : List.of("job.input", "job.model", "job.output")) {
      for (String setting : LOCAL_FILE_SETTINGS) {
        String key = location + "." + setting;
        if (!user.hasPath(key) || user.getValue(key).valueType() != ConfigValueType.STRING) continue;
        String file = user.getString(key);
        try {
          if (file.isBlank() || file.startsWith("~") || Path.of(file).isAbsolute()) continue;
          absolute = absolute.withValue(key, ConfigValueFactory.fromAnyRef(Path.of(file).toAbsolutePath().toString()));
        } catch (java.nio.file.InvalidPathException e) {
          // left as written: the store that reads it names the key and the problem
        }
      }
    }
    return absolute;
  }

  /** True when {@code inner} is {@code outer} or lies below it, on the same store. */
  private static boolean inside(URI inner, URI outer) {
    String in = inner.toString().endsWith("/") ? inner.toString() : inner + "/";
    String out = outer.toString().endsWith("/") ? outer.toString() : outer + "/";
    return in.startsWith(out) && !out.contains("*");
  }

  /** The settings block for the URI's scheme ({@code s3}, {@code ftp} for ftp and ftps, {@code sftp}); empty for files. */
  private static Config store(Config c, String location, URI uri) {
    String block = switch (uri.getScheme().toLowerCase(Locale.ROOT)) {
      case "s3" -> "s3";
      case "ftp", "ftps" -> "ftp";
      case "sftp" -> "sftp";
      case "jdbc" -> "jdbc";
      default -> null;
    };
    if (block == null || !c.hasPath(location + "." + block)) return ConfigFactory.empty();
    // only what the user set: a null from the job defaults would hide the store's own default
    Config set = ConfigFactory.empty();
    for (var entry : c.getConfig(location + "." + block).entrySet()) set = set.withValue(entry.getKey(), entry.getValue());
    // a secret by name (password-secret = "partner-ftp") is looked up on the node that connects
    for (String key : StoreSettings.secretKeys(block)) {
      if (set.hasPath(key) && set.hasPath(key + StoreSettings.SECRET_SUFFIX)) {
        throw new JobException(location + "." + block + "." + key,
            "give either " + key + " or " + key + StoreSettings.SECRET_SUFFIX + " (the name of a secret in the node's sluice.secrets), not both");
      }
    }
    return set;
  }

  private static String required(Config c, String key) {
    if (c.getIsNull(key)) throw new JobException(key, "required");
    String value = c.getString(key);
    if (value.isBlank()) throw new JobException(key, "must not be empty");
    return value;
  }

  private static <E extends Enum<E>> E enumValue(Config c, String key, Class<E> type) {
    String text = c.getString(key);
    for (E e : type.getEnumConstants()) {
      if (e.name().replace('_', '-').equalsIgnoreCase(text)) return e;
    }
    List<String> allowed = new ArrayList<>();
    for (E e : type.getEnumConstants()) allowed.add(e.name().replace('_', '-').toLowerCase(Locale.ROOT));
    throw new JobException(key, "'" + text + "' is not one of " + String.join(", ", allowed));
  }

  private static int intIn(Config c, String key, int min, int max) {
    int v = c.getInt(key);
    if (v < min || v > max) throw new JobException(key, v + " is outside " + min + ".." + max);
    return v;
  }

  private static Duration nonNegative(Config c, String key) {
    Duration d = c.getDuration(key);
    if (d.isNegative()) throw new JobException(key, "must not be negative");
    return d;
  }

  private static byte oneChar(Config c, String key) {
    String s = c.getString(key);
    if (s.length() != 1 || s.charAt(0) > 127 || s.charAt(0) == '\n' || s.charAt(0) == '\r') {
      throw new JobException(key, "'" + s + "' must be one ASCII character other than a line end");
    }
    return (byte) s.charAt(0);
  }

  private static void rejectUnknownKeys(Config user, List<JobException> problems) {
    int unknown = 0;
    for (String key : new TreeSet<>(user.entrySet().stream().map(Map.Entry::getKey).toList())) {
      if (!DEFAULTS.hasPathOrNull(key)) {
        if (++unknown <= MAX_UNKNOWN_KEYS) {
          problems.add(new JobException(key, "unknown key" + KeySuggestions.didYouMean(key, DEFAULTS)));
        }
      } else if (isObjectInDefaults(key)) {
        problems.add(new JobException(key, "must be an object { ... }, not a value"));
      }
    }
    if (unknown > MAX_UNKNOWN_KEYS) {
      problems.add(new JobException("job", (unknown - MAX_UNKNOWN_KEYS) + " more unknown keys"));
    }
  }

  private static boolean isObjectInDefaults(String key) {
    return !DEFAULTS.getIsNull(key) && DEFAULTS.getValue(key).valueType() == ConfigValueType.OBJECT;
  }

  private static final Pattern WRONG_TYPE = Pattern.compile(": (job[a-z0-9.\\-]*) (has type .*)$");
  private static final Pattern BAD_VALUE = Pattern.compile("Invalid value at '(job[a-z0-9.\\-]*)': (.*)$");
  private static final Pattern NULL_VALUE = Pattern.compile("'(job[a-z0-9.\\-]*)' is set to null");
  private static final Pattern ANY_KEY = Pattern.compile("'(job[a-z0-9.\\-]*)'");

  /** Type and value errors from Typesafe Config name the key inside their message; they become JobExceptions. */
  private static <T> T wrap(java.util.function.Supplier<T> parse) {
    try {
      return parse.get();
    } catch (ConfigException.WrongType | ConfigException.BadValue e) {
      for (Pattern p : List.of(WRONG_TYPE, BAD_VALUE)) {
        var m = p.matcher(e.getMessage());
        if (m.find()) throw new JobException(m.group(1), m.group(2));
      }
      throw new JobException("job", e.getMessage());
    } catch (ConfigException.Null e) {
      var m = NULL_VALUE.matcher(e.getMessage());
      String key = m.find() ? m.group(1) : "job";
      throw new JobException(key, "must not be null (leave the key out for its default)");
    } catch (ConfigException e) {
      var m = ANY_KEY.matcher(e.getMessage());
      throw new JobException(m.find() ? m.group(1) : "job", e.getMessage());
    }
  }
}
