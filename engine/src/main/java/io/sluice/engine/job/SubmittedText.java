package io.sluice.engine.job;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigIncludeContext;
import com.typesafe.config.ConfigIncluder;
import com.typesafe.config.ConfigIncluderClasspath;
import com.typesafe.config.ConfigIncluderFile;
import com.typesafe.config.ConfigIncluderURL;
import com.typesafe.config.ConfigList;
import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigParseOptions;
import com.typesafe.config.ConfigResolveOptions;
import com.typesafe.config.ConfigUtil;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;
import java.io.File;
import java.net.URL;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Job text that comes from outside the node (the API, a registered job, another node) read as
 * data: {@code include} is refused, substitutions are refused rather than resolved (nothing of the
 * node's environment, system properties or files can reach the job or an error), and the text's
 * size and nesting are bounded before and after parsing.
 */
final class SubmittedText {
  /** The most a job's text may hold, in UTF-8 bytes. */
  static final int MAX_BYTES = 1024 * 1024;
  /** The deepest nesting of objects and lists a job may have. */
  static final int MAX_DEPTH = 32;
  /** The most fields ({@code key = value}, {@code key { ... }}) a job's text may hold. */
  static final int MAX_FIELDS = 5000;
  /** The most dotted keys ({@code a.b = value}) a job's text may hold. */
  static final int MAX_DOTTED_KEYS = 500;
  /** Substitutions named one by one; more are counted. */
  private static final int MAX_NAMED = 20;

  private static final ConfigParseOptions DATA_ONLY = ConfigParseOptions.defaults()
      .setIncluder(new RefusingIncluder()).setAllowMissing(false);

  private SubmittedText() {}

  /** The parsed text, with nothing left to resolve; a {@link JobException} naming {@code job} or the key otherwise. */
  static Config parse(String text) {
    if (text == null) throw new JobException("job", "missing: send the job's text");
    if (utf8Length(text) > MAX_BYTES) {
      throw new JobException("job", "the text is larger than " + MAX_BYTES / 1024 + " KiB");
    }
    Shape shape = shape(text);
    if (shape.depth() > 2 * MAX_DEPTH) throw tooDeep();
    if (shape.fields() > MAX_FIELDS || shape.dottedKeys() > MAX_DOTTED_KEYS) {
      // merging many fields into one object costs the parser time that grows with their square
      throw new JobException("job", "has more than " + MAX_FIELDS + " keys or " + MAX_DOTTED_KEYS
          + " dotted keys (a.b = ...); a job has a few dozen");
    }
    Config config;
    try {
      config = ConfigFactory.parseString(text, DATA_ONLY);
    } catch (IncludeRefused e) {
      throw new JobException("job", "include is not allowed in a submitted job; "
          + "submit the job with sluice submit, which reads its includes where the job file is");
    } catch (ConfigException e) {
      throw new JobException("job", "not valid HOCON: " + e.getMessage());
    } catch (StackOverflowError e) {
      throw tooDeep();
    } catch (RuntimeException e) {
      throw new JobException("job", "not valid HOCON: " + describe(e));
    }
    List<JobException> problems = new ArrayList<>();
    int[] substitutions = {0};
    inspect(config.root(), new ArrayList<>(), 0, problems, substitutions);
    if (substitutions[0] > MAX_NAMED) {
      problems.add(new JobException("job", (substitutions[0] - MAX_NAMED) + " more substitutions"));
    }
    if (!problems.isEmpty()) throw JobException.of(problems);
    try {
      return config.resolve(ConfigResolveOptions.noSystem());
    } catch (ConfigException e) {
      throw new JobException("job", "substitutions are not allowed in a submitted job: " + e.getMessage());
    }
  }

  /** A failure put in words, for an error reply. */
  static String describe(Throwable e) {
    if (e instanceof StackOverflowError) return "nested too deeply";
    return e.getMessage() == null ? "an unexpected problem reading it" : e.getMessage();
  }

  private static JobException tooDeep() {
    return new JobException("job", "nested deeper than " + MAX_DEPTH + " levels");
  }

  /** Walks the parsed tree (never deeper than the limit): substitutions are named, too deep a tree is refused. */
  private static void inspect(ConfigValue value, List<String> path, int depth, List<JobException> problems, int[] substitutions) {
    if (depth > MAX_DEPTH) throw tooDeep();
    ConfigValueType type;
    try {
      type = value.valueType();
      if (type == ConfigValueType.OBJECT) ((ConfigObject) value).keySet();
    } catch (ConfigException.NotResolved e) {
      if (++substitutions[0] <= MAX_NAMED) {
        problems.add(new JobException(path.isEmpty() ? "job" : ConfigUtil.joinPath(path),
            "substitutions (${...}) are not allowed in a submitted job; write the value itself "
                + "(sluice submit resolves ${?VAR} from the environment where it runs)"));
      }
      return;
    }
    if (type == ConfigValueType.OBJECT) {
      for (Map.Entry<String, ConfigValue> entry : ((ConfigObject) value).entrySet()) {
        List<String> inner = new ArrayList<>(path);
        inner.add(entry.getKey());
        inspect(entry.getValue(), inner, depth + 1, problems, substitutions);
      }
    } else if (type == ConfigValueType.LIST) {
      for (ConfigValue element : (ConfigList) value) inspect(element, path, depth + 1, problems, substitutions);
    }
  }

  private static long utf8Length(String text) {
    long bytes = 0;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      bytes += c < 0x80 ? 1 : c < 0x800 ? 2 : Character.isSurrogate(c) ? 2 : 3;
    }
    return bytes;
  }

  /** What {@link #shape} finds: an upper estimate of the nesting, and rough counts of fields and dotted keys. */
  record Shape(int depth, int fields, int dottedKeys) {}

  /**
   * The text's shape, read before the parser (which recurses, and merges each field into its
   * object) sees it: the nesting is the open braces and brackets plus the dots of a dotted key,
   * the fields are the equals signs, colons and open braces outside quotes and comments. Stops
   * early once over a limit.
   */
  static Shape shape(String text) {
    int depth = 0;
    int dots = 0;
    int deepest = 0;
    int fields = 0;
    int dotted = 0;
    int n = text.length();
    for (int i = 0; i < n; i++) {
      char c = text.charAt(i);
      if (c == '"') {
        if (text.startsWith("\"\"\"", i)) {
          int end = text.indexOf("\"\"\"", i + 3);
          i = end < 0 ? n : end + 2;
        } else {
          int j = i + 1;
          while (j < n && text.charAt(j) != '"' && text.charAt(j) != '\n') j += text.charAt(j) == '\\' ? 2 : 1;
          i = j;
        }
        continue;
      } else if (c == '#' || (c == '/' && text.startsWith("//", i))) {
        int end = text.indexOf('\n', i);
        i = end < 0 ? n : end - 1;
        continue;
      }
      if ((c == '=' || c == ':' || c == '{') && dots > 0) dotted++;
      if (c == '=' || c == ':' || c == '{') fields++;
      if (c == '{' || c == '[') {
        depth++;
        dots = 0;
      } else if (c == '}' || c == ']') {
        depth = Math.max(0, depth - 1);
        dots = 0;
      } else if (c == '.') {
        dots++;
      } else if (c == '\n' || c == ',' || c == '=' || c == ':') {
        dots = 0;
      }
      deepest = Math.max(deepest, depth + dots);
      if (deepest > 2 * MAX_DEPTH || fields > MAX_FIELDS || dotted > MAX_DOTTED_KEYS) break;
    }
    return new Shape(deepest, fields, dotted);
  }

  private static final class IncludeRefused extends RuntimeException {
    IncludeRefused() {
      super("include refused", null, false, false);
    }
  }

  /** Refuses every kind of include: a submitted job names no file, URL or resource of the node. */
  private static final class RefusingIncluder
      implements ConfigIncluder, ConfigIncluderFile, ConfigIncluderURL, ConfigIncluderClasspath {
    @Override
    public ConfigIncluder withFallback(ConfigIncluder fallback) {
      return this;
    }

    @Override
    public ConfigObject include(ConfigIncludeContext context, String what) {
      throw new IncludeRefused();
    }

    @Override
    public ConfigObject includeFile(ConfigIncludeContext context, File what) {
      throw new IncludeRefused();
    }

    @Override
    public ConfigObject includeURL(ConfigIncludeContext context, URL what) {
      throw new IncludeRefused();
    }

    @Override
    public ConfigObject includeResources(ConfigIncludeContext context, String what) {
      throw new IncludeRefused();
    }
  }
}
