package org.skiffmq.kernel.config;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Reads {@link SkiffConfig} from YAML ({@code .yaml}/{@code .yml}) or JSON. Unknown keys inside
 * a section are errors (a typo should not silently run defaults); errors name the file and the key (and the line, where the parser knows it).
 */
public final class ConfigLoader {

    private ConfigLoader() {
    }

    private static String path(JsonMappingException e) {
        StringBuilder sb = new StringBuilder();
        for (JsonMappingException.Reference ref : e.getPath()) {
            if (ref.getFieldName() != null) {
                sb.append(sb.length() == 0 ? "" : ".").append(ref.getFieldName());
            }
        }
        return sb.toString();
    }

    public static SkiffConfig load(Path file) throws ConfigException {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        ObjectMapper mapper = name.endsWith(".yaml") || name.endsWith(".yml") ? new YAMLMapper() : new JsonMapper();
        mapper.enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
        try {
            byte[] bytes = Files.readAllBytes(file);
            if (new String(bytes, java.nio.charset.StandardCharsets.UTF_8).isBlank()) {
                return SkiffConfig.defaults();
            }
            SkiffConfig config = mapper.readValue(bytes, SkiffConfig.class);
            return config == null ? SkiffConfig.defaults() : config;
        } catch (NoSuchFileException e) {
            throw new ConfigException("Configuration file " + file + " does not exist; pass an existing file with --config");
        } catch (UnrecognizedPropertyException e) {
            throw new ConfigException(file + ": unknown key '" + path(e) + "'; the keys there are "
                    + e.getKnownPropertyIds(), e);
        } catch (JsonProcessingException e) {
            JsonLocation where = e.getLocation();
            String at = where == null ? "" : " (line " + where.getLineNr() + ", column " + where.getColumnNr() + ")";
            Throwable cause = e.getCause() instanceof IllegalArgumentException ? e.getCause() : null;
            throw new ConfigException(file + at + ": " + (cause != null ? cause.getMessage() : e.getOriginalMessage()),
                    e);
        } catch (IOException e) {
            throw new ConfigException("Cannot read configuration file " + file + ": " + e.getMessage(), e);
        }
    }
}
