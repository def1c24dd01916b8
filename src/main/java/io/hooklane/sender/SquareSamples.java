package io.hooklane.sender;

import java.util.LinkedHashMap;
import java.util.Map;

/** Square event notifications ({@code merchant_id, type, event_id, created_at, data}), after Square's examples. */
final class SquareSamples {

    private static final String MERCHANT = "6SSW7HV8K2ST5";
    private static final String LOCATION = "L8GX7ZV1N7ZH3";

    private static final String PAYMENT = """
            {"payment": {"amount_money": {"amount": 7632, "currency": "USD"},
             "approved_money": {"amount": %d, "currency": "USD"},
             "card_details": {"avs_status": "AVS_ACCEPTED", "card": {"bin": "411111", "card_brand": "VISA",
               "card_type": "CREDIT", "exp_month": 8, "exp_year": 2027,
               "fingerprint": "sq-1-${id:fingerprint}", "last_4": "1111", "prepaid_type": "NOT_PREPAID"},
              "card_payment_timeline": {"authorized_at": "${now}"}, "cvv_status": "%s",
              "entry_method": "KEYED", %s"statement_description": "SQ *HOOKLANE DEMO", "status": "%s"},
             "created_at": "${now}", "delay_action": "CANCEL", "delay_duration": "PT168H",
             "id": "${id:payment}", "location_id": "%s", "order_id": "${id:order}",
             "receipt_number": "${id:receipt}", "risk_evaluation": {"created_at": "${now}", "risk_level": "NORMAL"},
             "source_type": "CARD", "status": "%s", "total_money": {"amount": 7632, "currency": "USD"},
             "updated_at": "${now}", "version": %d}}""";

    private static final String CARD_ERRORS = """
            "errors": [{"category": "PAYMENT_METHOD_ERROR", "code": "GENERIC_DECLINE",
              "detail": "Authorization error: 'GENERIC_DECLINE'"}], """;

    private static final String CUSTOMER = """
            {"customer": {"address": {"address_line_1": "12 Market Street", "address_line_2": "Apt 4",
              "administrative_district_level_1": "CA", "country": "US", "locality": "San Francisco",
              "postal_code": "94105"},
             "created_at": "${now}", "creation_source": "THIRD_PARTY", "email_address": "%s",
             "family_name": "Lovelace", "given_name": "Ada", "id": "${id:customer}",
             "phone_number": "+14155550123",
             "preferences": {"email_unsubscribed": false}, "updated_at": "${now}", "version": %d}}""";

    private SquareSamples() {
    }

    static Map<String, SampleTemplate> all() {
        Map<String, SampleTemplate> out = new LinkedHashMap<>();
        out.put("order.created", event("order.created", "order_created", "${id:order}", """
                {"order_created": {"created_at": "${now}", "location_id": "%s", "order_id": "${id:order}",
                 "state": "OPEN", "version": 1}}""".formatted(LOCATION)));
        out.put("payment.failed", event("payment.updated", "payment", "${id:payment}",
                PAYMENT.formatted(0, "CVV_REJECTED", CARD_ERRORS, "FAILED", LOCATION, "FAILED", 2)));
        out.put("payment.succeeded", event("payment.updated", "payment", "${id:payment}",
                PAYMENT.formatted(7632, "CVV_ACCEPTED", "", "CAPTURED", LOCATION, "COMPLETED", 3)));
        out.put("refund.created", event("refund.created", "refund", "${id:payment}_${id:refund}", """
                {"refund": {"amount_money": {"amount": 2499, "currency": "USD"}, "created_at": "${now}",
                 "id": "${id:payment}_${id:refund}", "location_id": "%s", "order_id": "${id:order}",
                 "payment_id": "${id:payment}", "reason": "Wrong size", "status": "PENDING",
                 "updated_at": "${now}", "version": 1}}""".formatted(LOCATION)));
        out.put("inventory.updated", event("inventory.count.updated", "inventory", "${uuid:inventory}", """
                {"inventory_counts": [{"calculated_at": "${now}", "catalog_object_id": "${id:variation}",
                 "catalog_object_type": "ITEM_VARIATION", "location_id": "%s", "quantity": "42",
                 "state": "IN_STOCK"}]}""".formatted(LOCATION)));
        out.put("product.updated", event("catalog.version.updated", "catalog_version", "", """
                {"catalog_version": {"updated_at": "${now}"}}"""));
        out.put("shipment.updated", event("order.fulfillment.updated", "order_fulfillment_updated", "${id:order}", """
                {"order_fulfillment_updated": {"created_at": "${now}",
                 "fulfillment_update": [{"fulfillment_uid": "${id:fulfillment}", "new_state": "COMPLETED",
                  "old_state": "PREPARED"}],
                 "location_id": "%s", "order_id": "${id:order}", "state": "COMPLETED",
                 "updated_at": "${now}", "version": 4}}""".formatted(LOCATION)));
        out.put("customer.created", event("customer.created", "customer", "${id:customer}",
                CUSTOMER.formatted("ada@example.com", 0)));
        out.put("customer.updated", event("customer.updated", "customer", "${id:customer}",
                CUSTOMER.formatted("ada.lovelace@example.com", 1)));
        return out;
    }

    private static SampleTemplate event(String type, String dataType, String dataId, String object) {
        String id = dataId == null ? "" : "\"id\": \"" + dataId + "\", ";
        return new SampleTemplate(type, """
                {"merchant_id": "%s", "type": "%s", "event_id": "${uuid:event}", "created_at": "${now}",
                 "data": {"type": "%s", %s"object": %s}}""".formatted(MERCHANT, type, dataType, id, object));
    }
}
