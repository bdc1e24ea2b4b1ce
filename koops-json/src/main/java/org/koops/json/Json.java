package org.koops.json;

import java.util.List;
import java.util.function.Function;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** Node building shared by the mappers. */
final class Json {
    static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private Json() {
    }

    static ObjectNode object() {
        return NODES.objectNode();
    }

    static <T> ArrayNode array(List<T> items, Function<T, JsonNode> mapper) {
        ArrayNode array = NODES.arrayNode(items.size());
        items.forEach(item -> array.add(mapper.apply(item)));
        return array;
    }

    static ArrayNode strings(List<String> items) {
        return array(items, NODES::textNode);
    }

    /** Addresses and register values as unsigned hex, {@code 0xffffffffc0a00040}: JSON numbers cannot hold 64 bits. */
    static String hex(Long value) {
        return value == null ? null : "0x" + Long.toHexString(value);
    }
}
