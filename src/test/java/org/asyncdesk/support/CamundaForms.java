package org.asyncdesk.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The fields of the Camunda Forms in a folder ({@code forms/}), by key: what a browser
 * test needs to fill them.
 */
public class CamundaForms {

    /**
     * A form field: its component id (form-js derives element ids from it) and, for
     * choices, its option values.
     */
    public record Component(String id, String key, String type, List<String> values) {
    }

    private final Map<String, Component> byKey = new LinkedHashMap<>();

    public static CamundaForms in(Path folder) {
        CamundaForms forms = new CamundaForms();
        try (Stream<Path> files = Files.list(folder)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".form")).sorted().toList()) {
                forms.collect(new ObjectMapper().readTree(f.toFile()).path("components"));
            }
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return forms;
    }

    private void collect(JsonNode components) {
        for (JsonNode c : components) {
            if (c.hasNonNull("key")) {
                List<String> values = new ArrayList<>();
                c.path("values").forEach(v -> values.add(v.path("value").asText()));
                byKey.putIfAbsent(c.get("key").asText(),
                        new Component(c.path("id").asText(), c.get("key").asText(), c.path("type").asText(), values));
            }
            collect(c.path("components")); // groups
        }
    }

    public Component component(String key) {
        Component c = byKey.get(key);
        if (c == null) {
            throw new IllegalArgumentException(
                    "no form field with key " + key + " in forms/ (keys: " + byKey.keySet() + ")");
        }
        return c;
    }

}
