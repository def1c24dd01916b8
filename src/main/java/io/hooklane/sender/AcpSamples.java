package io.hooklane.sender;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Agentic Commerce Protocol order events ({@code {"type": "order_create" | "order_update", "data": <Order>}}), after
 * the examples of the spec's {@code openapi.agentic_checkout_webhook.yaml}.
 */
final class AcpSamples {

    private static final String LINE_ITEMS = """
            [{"id": "li_${id:line}", "title": "Running Shoes", "quantity": {"ordered": 1, "current": 1,
              "fulfilled": %d}, "unit_price": 9900, "subtotal": 9900}]""";

    private static final String TOTALS = """
            [{"type": "subtotal", "display_text": "Subtotal", "amount": 9900},
             {"type": "fulfillment", "display_text": "Shipping", "amount": 500},
             {"type": "tax", "display_text": "Tax", "amount": 860},
             {"type": "total", "display_text": "Total", "amount": 11260}]""";

    private AcpSamples() {
    }

    static Map<String, SampleTemplate> all() {
        Map<String, SampleTemplate> out = new LinkedHashMap<>();
        out.put("order.created", new SampleTemplate("order_create", """
                {"type": "order_create", "data": {"type": "order", "id": "ord_${id:order}",
                 "checkout_session_id": "checkout_session_${id:session}",
                 "permalink_url": "https://shop.example.com/orders/ord_${id:order}", "status": "created",
                 "line_items": %s, "totals": %s}}""".formatted(LINE_ITEMS.formatted(0), TOTALS)));
        out.put("order.updated", new SampleTemplate("order_update", """
                {"type": "order_update", "data": {"type": "order", "id": "ord_${id:order}",
                 "checkout_session_id": "checkout_session_${id:session}",
                 "permalink_url": "https://shop.example.com/orders/ord_${id:order}", "status": "shipped",
                 "line_items": %s,
                 "fulfillments": [{"id": "ful_${id:fulfillment}", "type": "shipping", "status": "shipped",
                  "line_items": [{"id": "li_${id:line}", "quantity": 1}], "carrier": "USPS",
                  "tracking_number": "9400111899223456789012",
                  "events": [{"id": "evt_${id:shipped}", "type": "shipped", "occurred_at": "${now}"}]}],
                 "adjustments": [], "totals": %s}}""".formatted(LINE_ITEMS.formatted(1), TOTALS)));
        return out;
    }
}
