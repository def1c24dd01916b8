package io.hooklane.bench;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

class FanoutBaselineTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static FanoutBaseline.Entry entry(FanoutBaseline.Track track, long offset) {
        FanoutBaseline.Entry e = new FanoutBaseline.Entry(track, offset, "k" + offset, new byte[0]);
        track.add(e);
        return e;
    }

    @Test
    void commit_position_stays_below_the_oldest_unanswered_record() {
        FanoutBaseline.Track track = new FanoutBaseline.Track(new TopicPartition("q", 0));
        FanoutBaseline.Entry a = entry(track, 10);
        FanoutBaseline.Entry b = entry(track, 11);
        FanoutBaseline.Entry c = entry(track, 12);

        assertEquals(-1, track.answered(b));
        assertEquals(-1, track.answered(c));
        assertEquals(13, track.answered(a));
    }

    @Test
    void commit_position_moves_to_the_next_unanswered_record() {
        FanoutBaseline.Track track = new FanoutBaseline.Track(new TopicPartition("q", 0));
        FanoutBaseline.Entry a = entry(track, 10);
        FanoutBaseline.Entry b = entry(track, 11);
        FanoutBaseline.Entry c = entry(track, 12);

        assertEquals(11, track.answered(a));
        assertEquals(-1, track.answered(c));
        assertEquals(13, track.answered(b));
        FanoutBaseline.Entry d = entry(track, 13);
        assertEquals(14, track.answered(d));
    }

    @Test
    void cloud_event_embeds_json_data_byte_for_byte() throws Exception {
        byte[] data = "{\"type\":\"order.created\",\"data\":{\"id\":\"zq00abc\"}}".getBytes(StandardCharsets.UTF_8);

        byte[] document = FanoutBaseline.CloudEvent.wrap("msg_1", 3, 7, 1_764_687_600_123L, data);

        JsonNode event = JSON.readTree(document);
        assertEquals("1.0", event.get("specversion").asText());
        assertEquals("msg_1", event.get("id").asText());
        assertEquals("2025-12-02T15:00:00.123Z", event.get("time").asText());
        assertEquals("application/json", event.get("datacontenttype").asText());
        assertEquals(JSON.readTree(data), event.get("data"));
        String text = new String(document, StandardCharsets.UTF_8);
        assertEquals(new String(data, StandardCharsets.UTF_8) + "}", text.substring(text.indexOf("\"data\":") + 7));
    }

    @Test
    void cloud_event_carries_other_data_as_base64_and_replaces_an_id_it_cannot_write_as_is() throws Exception {
        byte[] data = "a=1&b=2".getBytes(StandardCharsets.US_ASCII);

        byte[] document = FanoutBaseline.CloudEvent.wrap("bad\"id", 3, 7, 0, data);

        JsonNode event = JSON.readTree(document);
        assertEquals("evt-3-7", event.get("id").asText());
        assertArrayEquals(data, Base64.getDecoder().decode(event.get("data_base64").asText()));
    }
}
