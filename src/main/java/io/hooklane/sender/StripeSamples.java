package io.hooklane.sender;

import java.util.LinkedHashMap;
import java.util.Map;

/** Stripe event objects ({@code "object": "event"}), after the shapes in Stripe's API reference. */
final class StripeSamples {

    private static final String PAYMENT_INTENT = """
            {"id": "pi_${id:pi}", "object": "payment_intent", "amount": 7632, "amount_capturable": 0,
             "amount_received": %d, "application": null, "automatic_payment_methods": {"enabled": true},
             "capture_method": "automatic_async", "client_secret": "pi_${id:pi}_secret_${id:cs}",
             "confirmation_method": "automatic", "created": ${epoch}, "currency": "usd",
             "customer": "cus_${id:customer}", "description": "Order HL-1042",
             "last_payment_error": %s, "latest_charge": "ch_${id:charge}", "livemode": false,
             "metadata": {"order_id": "ord_${id:order}"}, "payment_method": %s,
             "payment_method_types": ["card"], "receipt_email": "ada@example.com",
             "statement_descriptor": null, "status": "%s"}""";

    private static final String DECLINE = """
            {"charge": "ch_${id:charge}", "code": "card_declined", "decline_code": "insufficient_funds",
             "doc_url": "https://stripe.com/docs/error-codes/card-declined",
             "message": "Your card has insufficient funds.",
             "payment_method": {"id": "pm_${id:pm}", "object": "payment_method",
              "card": {"brand": "visa", "country": "US", "exp_month": 8, "exp_year": 2027, "funding": "credit",
               "last4": "9995"}, "type": "card"},
             "type": "card_error"}""";

    private StripeSamples() {
    }

    static Map<String, SampleTemplate> all() {
        Map<String, SampleTemplate> out = new LinkedHashMap<>();
        out.put("order.created", event("checkout.session.completed", """
                {"id": "cs_test_${id:session}", "object": "checkout.session", "amount_subtotal": 6497,
                 "amount_total": 7632, "client_reference_id": "ord_${id:order}", "created": ${epoch},
                 "currency": "usd", "customer": "cus_${id:customer}",
                 "customer_details": {"email": "ada@example.com", "name": "Ada Lovelace", "phone": null,
                  "address": {"city": "San Francisco", "country": "US", "line1": "12 Market Street",
                   "line2": "Apt 4", "postal_code": "94105", "state": "CA"}},
                 "livemode": false, "metadata": {"order_id": "ord_${id:order}"}, "mode": "payment",
                 "payment_intent": "pi_${id:pi}", "payment_status": "paid",
                 "shipping_cost": {"amount_subtotal": 599, "amount_total": 599},
                 "status": "complete", "total_details": {"amount_discount": 0, "amount_shipping": 599,
                  "amount_tax": 536}}""", null));
        out.put("payment.failed", event("payment_intent.payment_failed",
                PAYMENT_INTENT.formatted(0, DECLINE, "null", "requires_payment_method"), null));
        out.put("payment.succeeded", event("payment_intent.succeeded",
                PAYMENT_INTENT.formatted(7632, "null", "\"pm_${id:pm}\"", "succeeded"), null));
        out.put("refund.created", event("refund.created", """
                {"id": "re_${id:refund}", "object": "refund", "amount": 2499,
                 "balance_transaction": "txn_${id:txn}", "charge": "ch_${id:charge}", "created": ${epoch},
                 "currency": "usd", "destination_details": {"card": {"reference_status": "pending",
                  "reference_type": "acquirer_reference_number", "type": "refund"}, "type": "card"},
                 "metadata": {"order_id": "ord_${id:order}", "reason": "wrong size"},
                 "payment_intent": "pi_${id:pi}", "reason": "requested_by_customer",
                 "receipt_number": null, "source_transfer_reversal": null, "status": "pending",
                 "transfer_reversal": null}""", null));
        out.put("product.updated", event("product.updated", """
                {"id": "prod_${id:product}", "object": "product", "active": true, "created": ${epoch},
                 "default_price": "price_${id:price}",
                 "description": "Heavyweight organic cotton tee, garment dyed.",
                 "images": ["https://files.stripe.com/links/${id:image}"], "livemode": false,
                 "marketing_features": [], "metadata": {"sku": "TEE-BLK-M"}, "name": "Organic Cotton Tee",
                 "package_dimensions": null, "shippable": true, "statement_descriptor": null,
                 "tax_code": "txcd_30011000", "type": "service", "unit_label": null, "updated": ${epoch},
                 "url": "https://shop.example.com/products/organic-cotton-tee"}""",
                "{\"name\": \"Cotton Tee\", \"updated\": ${epoch}}"));
        out.put("customer.created", event("customer.created", customer("ada@example.com"), null));
        out.put("customer.updated", event("customer.updated", customer("ada.lovelace@example.com"),
                "{\"email\": \"ada@example.com\"}"));
        return out;
    }

    private static String customer(String email) {
        return """
                {"id": "cus_${id:customer}", "object": "customer",
                 "address": {"city": "San Francisco", "country": "US", "line1": "12 Market Street",
                  "line2": "Apt 4", "postal_code": "94105", "state": "CA"},
                 "balance": 0, "created": ${epoch}, "currency": null, "default_source": null,
                 "delinquent": false, "description": null, "discount": null, "email": "%s",
                 "invoice_prefix": "7A1C3E2F", "invoice_settings": {"custom_fields": null,
                  "default_payment_method": null, "footer": null, "rendering_options": null},
                 "livemode": false, "metadata": {"hooklane_customer": "cus_${id:customer}"},
                 "name": "Ada Lovelace", "next_invoice_sequence": 1, "phone": "+14155550123",
                 "preferred_locales": ["en-US"], "shipping": null, "tax_exempt": "none",
                 "test_clock": null}""".formatted(email);
    }

    private static SampleTemplate event(String type, String object, String previousAttributes) {
        String data = previousAttributes == null
                ? "{\"object\": " + object + "}"
                : "{\"object\": " + object + ", \"previous_attributes\": " + previousAttributes + "}";
        return new SampleTemplate(type, """
                {"id": "evt_${id:event}", "object": "event", "api_version": "2024-06-20", "created": ${epoch},
                 "data": %s, "livemode": false, "pending_webhooks": 1,
                 "request": {"id": "req_${id:request}", "idempotency_key": "${uuid:idempotency}"},
                 "type": "%s"}""".formatted(data, type));
    }
}
