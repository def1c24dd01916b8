package io.hooklane.event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@link Json#readObject(byte[], FieldPaths)}: the whole tree's answers and checks, without building the tree. */
class JsonFieldReadTest {

    private static final List<String> PATHS = List.of("type", "id", "created", "data.object.id", "data.id",
            "data.object.payment.status", "flag", "nothing", "amount", "big", "list", "obj", "data.object.missing",
            "scalar.inside");

    private static final FieldPaths FIELDS = FieldPaths.of(PATHS.toArray(String[]::new));

    @ParameterizedTest(name = "reads_the_same_values_as_the_whole_tree_from_{0}")
    @ValueSource(strings = {
        "{\"type\":\"charge.succeeded\",\"id\":\"evt_1\",\"created\":1700000000,"
                + "\"data\":{\"object\":{\"id\":\"ch_1\",\"payment\":{\"status\":\"COMPLETED\"},"
                + "\"lines\":[1,2,{\"a\":\"b\"}]},\"id\":42}}",
        "{\"id\":12345678901234567890123,\"created\":\"2024-01-01T00:00:00Z\",\"flag\":true,\"nothing\":null,"
                + "\"amount\":12.5,\"big\":9223372036854775807,\"list\":[1,\"x\",{\"k\":[]}],"
                + "\"obj\":{\"a\":{\"b\":1}}}",
        "{\"data\":\"not an object\",\"scalar\":7,\"type\":\"\\u00e9t\\u00e9 \\\"quoted\\\"\"}",
        "{\"data\":[{\"object\":{\"id\":1}}],\"flag\":false,\"created\":-1}",
        "{}"
    })
    void reads_the_same_values_as_the_whole_tree(String payload) throws Exception {
        byte[] bytes = payload.getBytes(StandardCharsets.UTF_8);
        JsonNode whole = Json.readObject(bytes);
        JsonNode sparse = Json.readObject(bytes, FIELDS);

        for (String path : PATHS) {
            String[] names = path.split("\\.");
            assertThat(JsonFields.at(sparse, names)).as(path).isEqualTo(JsonFields.at(whole, names));
        }
    }

    @Test
    void keeps_nothing_off_the_paths() throws Exception {
        JsonNode sparse = Json.readObject(("{\"type\":\"a\",\"other\":{\"id\":1},\"data\":{\"object\":{\"id\":\"x\","
                + "\"name\":\"n\"},\"extra\":[1,2]}}").getBytes(StandardCharsets.UTF_8), FieldPaths.of("type",
                "data.object.id"));

        assertThat(sparse.toString()).isEqualTo("{\"type\":\"a\",\"data\":{\"object\":{\"id\":\"x\"}}}");
    }

    @Test
    void keeps_a_shape_only_member_as_an_empty_container_or_its_scalar() throws Exception {
        FieldPaths fields = FieldPaths.of(List.of("id"), List.of("line_items", "customer", "status", "id"));

        JsonNode sparse = Json.readObject(("{\"id\":7,\"line_items\":[{\"sku\":\"a\"},{\"sku\":\"b\"}],"
                + "\"customer\":{\"email\":\"x\"},\"status\":\"paid\",\"other\":[1]}")
                .getBytes(StandardCharsets.UTF_8), fields);

        assertThat(sparse.toString()).isEqualTo("{\"id\":7,\"line_items\":[],\"customer\":{},\"status\":\"paid\"}");
    }

    @Test
    void rejects_a_duplicate_key_inside_a_shape_only_member() {
        byte[] payload = "{\"line_items\":[{\"k\":1,\"k\":2}]}".getBytes(StandardCharsets.UTF_8);

        assertThatThrownBy(() -> Json.readObject(payload, FieldPaths.of(List.of(), List.of("line_items"))))
                .isInstanceOf(MalformedPayloadException.class)
                .hasMessage("payload is not valid JSON");
    }

    @Test
    void rejects_a_duplicate_key_in_a_member_it_passes_over() {
        assertThatThrownBy(() -> read("{\"type\":\"a\",\"other\":{\"deep\":[{\"k\":1,\"k\":2}]}}"))
                .isInstanceOf(MalformedPayloadException.class)
                .hasMessage("payload is not valid JSON");
    }

    @ParameterizedTest(name = "rejects_member_{0}_repeated_in_an_object_of_20")
    @ValueSource(ints = {0, 3, 15, 16, 17, 19})
    void rejects_a_duplicate_among_many_members(int repeated) {
        StringBuilder object = new StringBuilder("{\"type\":\"a\",\"many\":{");
        for (int i = 0; i < 20; i++) {
            object.append("\"m").append(i).append("\":{\"m").append(i).append("\":1},");
        }
        object.append("\"m").append(repeated).append("\":2}}");

        assertThatThrownBy(() -> read(object.toString()))
                .isInstanceOf(MalformedPayloadException.class)
                .hasMessage("payload is not valid JSON");
    }

    @Test
    void accepts_the_same_names_at_different_depths_and_in_sibling_objects() throws Exception {
        StringBuilder object = new StringBuilder("{");
        for (int i = 0; i < 20; i++) {
            object.append("\"m").append(i).append("\":{\"m").append(i).append("\":{\"type\":1},\"id\":2},");
        }
        object.append("\"list\":[{\"id\":1},{\"id\":2}],\"type\":\"order.created\",\"id\":\"x\"}");

        JsonNode sparse = read(object.toString());

        assertThat(sparse.get("type").asText()).isEqualTo("order.created");
        assertThat(sparse.get("id").asText()).isEqualTo("x");
        assertThat(sparse.get("list")).isEqualTo(Json.readObject(object.toString().getBytes(StandardCharsets.UTF_8))
                .get("list"));
    }

    @Test
    void rejects_a_duplicate_key_in_a_payload_that_is_not_an_object() {
        assertThatThrownBy(() -> read("[{\"id\":1,\"id\":2}]"))
                .isInstanceOf(MalformedPayloadException.class)
                .hasMessage("payload is not valid JSON");
    }

    @Test
    void rejects_a_duplicate_key_in_an_object_kept_whole() {
        assertThatThrownBy(() -> read("{\"obj\":{\"a\":1,\"a\":2}}"))
                .isInstanceOf(MalformedPayloadException.class)
                .hasMessage("payload is not valid JSON");
    }

    @Test
    void rejects_a_number_over_the_limit_in_a_member_it_passes_over() {
        assertThatThrownBy(() -> read("{\"type\":\"a\",\"other\":[" + "9".repeat(101) + "]}"))
                .isInstanceOf(MalformedPayloadException.class)
                .hasMessageContaining("number length 100");
    }

    @Test
    void rejects_nesting_over_the_limit_in_a_member_it_passes_over() {
        assertThatThrownBy(() -> read("{\"type\":\"a\",\"other\":" + "[".repeat(64) + "]".repeat(64) + "}"))
                .isInstanceOf(MalformedPayloadException.class)
                .hasMessageContaining("nesting depth 64");
    }

    @Test
    void rejects_broken_utf8_in_a_string_it_passes_over() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write("{\"type\":\"a\",\"other\":\"x".getBytes(StandardCharsets.US_ASCII));
        out.write(0xC3); // a two-byte sequence cut short by an ASCII byte
        out.write("y\"}".getBytes(StandardCharsets.US_ASCII));

        assertThatThrownBy(() -> Json.readObject(out.toByteArray(), FIELDS))
                .isInstanceOf(MalformedPayloadException.class)
                .hasMessage("payload is not valid JSON");
    }

    @Test
    void rejects_a_control_character_in_a_string_it_passes_over() {
        assertThatThrownBy(() -> read("{\"type\":\"a\",\"other\":\"line\nbreak\"}"))
                .isInstanceOf(MalformedPayloadException.class)
                .hasMessage("payload is not valid JSON");
    }

    @Test
    void holds_a_payload_longer_than_the_string_limit_to_the_string_limit() {
        // the parser does not measure strings it passes over, so such a payload is read as a whole tree
        String payload = "{\"type\":\"a\",\"other\":\"" + "x".repeat(Json.MAX_STRING_LENGTH + 1) + "\"}";

        assertThatThrownBy(() -> read(payload))
                .isInstanceOf(MalformedPayloadException.class)
                .hasMessageContaining("string length " + Json.MAX_STRING_LENGTH);
    }

    @Test
    void reads_a_payload_at_the_string_limit_by_its_fields() throws Exception {
        String filler = "x".repeat(Json.MAX_STRING_LENGTH - 40);
        String payload = "{\"type\":\"a\",\"other\":\"" + filler + "\"}";

        assertThat(payload.length()).isLessThanOrEqualTo(Json.MAX_STRING_LENGTH);
        assertThat(read(payload).toString()).isEqualTo("{\"type\":\"a\"}");
    }

    @ParameterizedTest(name = "says_not_an_object_for_{0}")
    @ValueSource(strings = {"[1,2]", "\"text\"", "42", "null", "", "   "})
    void says_a_json_value_that_is_not_an_object_is_not_an_object(String payload) {
        assertThatThrownBy(() -> read(payload))
                .isInstanceOf(MalformedPayloadException.class)
                .hasMessage("payload is not a JSON object");
    }

    @ParameterizedTest(name = "says_not_valid_json_for_{0}")
    @ValueSource(strings = {"[1,2", "[1] 2", "{\"type\":\"a\"} {}", "{\"type\":\"a\"}}", "{\"type\":", "nope",
        "{\"type\":\"a\",}"})
    void says_broken_json_is_not_valid_json(String payload) {
        assertThatThrownBy(() -> read(payload))
                .isInstanceOf(MalformedPayloadException.class)
                .hasMessage("payload is not valid JSON");
    }

    @Test
    void returns_null_for_an_optional_read_of_a_body_that_is_not_an_object() {
        assertThat(Json.readObjectOrNull("a=1&b=2".getBytes(StandardCharsets.US_ASCII), FIELDS)).isNull();
        assertThat(Json.readObjectOrNull("[{\"id\":1}]".getBytes(StandardCharsets.US_ASCII), FIELDS)).isNull();
    }

    @Test
    void refuses_a_path_with_an_empty_name() {
        assertThatThrownBy(() -> FieldPaths.of("data..id"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("data..id");
        assertThatThrownBy(() -> FieldPaths.of(""))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private static JsonNode read(String payload) throws MalformedPayloadException {
        return Json.readObject(payload.getBytes(StandardCharsets.UTF_8), FIELDS);
    }
}
