package io.hooklane.sender;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Universal Commerce Protocol order event webhooks: the full order (after the UCP order capability's example) with
 * {@code event_id} and {@code created_time}. A new order has no fulfillment event and no adjustment yet.
 */
final class UcpSamples {

    private static final String ORDER = """
            {"ucp": {"version": "2026-04-08", "capabilities": {"dev.ucp.shopping.order": [{"version": "2026-04-08"}]}},
             "id": "order_${id:order}", "checkout_id": "checkout_${id:checkout}",
             "permalink_url": "https://shop.example.com/orders/${id:order}", "currency": "USD",
             "line_items": [
              {"id": "li_shoes", "item": {"id": "prod_shoes", "title": "Running Shoes", "price": 3000},
               "quantity": {"original": 2, "total": 2, "fulfilled": %d},
               "totals": [{"type": "subtotal", "amount": 6000}, {"type": "total", "amount": 6000}],
               "status": "%s"}],
             "fulfillment": {"expectations": [{"id": "exp_1", "line_items": [{"id": "li_shoes", "quantity": 2}],
               "method_type": "shipping", "destination": {"street_address": "12 Market Street",
               "address_locality": "San Francisco", "address_region": "CA", "address_country": "US",
               "postal_code": "94105"}, "description": "Arrives in 2-3 business days", "fulfillable_on": "now"}],
              "events": [%s]},
             "adjustments": [],
             "totals": [{"type": "subtotal", "amount": 6000}, {"type": "fulfillment", "amount": 599},
              {"type": "tax", "amount": 528}, {"type": "total", "amount": 7127}],
             "event_id": "evt_${id:event}", "created_time": "${now}"}""";

    private static final String SHIPPED = """
            {"id": "fe_${id:shipment}", "occurred_at": "${now}", "type": "shipped",
             "line_items": [{"id": "li_shoes", "quantity": 2}], "tracking_number": "1Z${num:tracking}",
             "tracking_url": "https://carrier.example.com/track/1Z${num:tracking}", "description": "Shipped"}""";

    private UcpSamples() {
    }

    static Map<String, SampleTemplate> all() {
        Map<String, SampleTemplate> out = new LinkedHashMap<>();
        out.put("order.created", new SampleTemplate("order", ORDER.formatted(0, "processing", "")));
        out.put("shipment.updated", new SampleTemplate("order", ORDER.formatted(2, "fulfilled", SHIPPED)));
        return out;
    }
}
