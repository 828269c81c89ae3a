package io.sluice.engine.job;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.deser.std.StdDeserializer;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigRenderOptions;
import java.io.IOException;

/**
 * A job's store settings ({@code s3 { }}, {@code ftp { }}, {@code sftp { }} blocks) as they travel
 * inside a {@link JobSpec}: rendered as HOCON text and parsed back, since a {@link Config} has no
 * Jackson shape of its own.
 */
final class StoreSettingsJson {
  private StoreSettingsJson() {}

  public static final class Writer extends StdSerializer<Config> {
    public Writer() {
      super(Config.class);
    }

    @Override
    public void serialize(Config value, JsonGenerator gen, SerializerProvider provider) throws IOException {
      gen.writeString(value.root().render(ConfigRenderOptions.concise()));
    }
  }

  public static final class Reader extends StdDeserializer<Config> {
    public Reader() {
      super(Config.class);
    }

    @Override
    public Config deserialize(JsonParser parser, DeserializationContext ctx) throws IOException {
      return ConfigFactory.parseString(parser.getValueAsString());
    }
  }
}
