package io.hooklane.sender;

import java.util.LinkedHashMap;
import java.util.Map;

/** Paddle Billing notifications ({@code event_id, event_type, occurred_at, notification_id, data}). */
final class PaddleSamples {

    private static final String TRANSACTION = """
            {"id": "txn_${hex:txn}", "items": [{"price": {"id": "pri_${hex:price}",
               "description": "Organic Cotton Tee", "product_id": "pro_${hex:product}",
               "billing_cycle": null, "unit_price": {"amount": "2499", "currency_code": "USD"},
               "tax_mode": "account_setting", "status": "active"}, "quantity": 2}],
             "origin": "web", "status": "%s", "details": {"totals": {"fee": %s, "tax": "412",
               "total": "5410", "credit": "0", "balance": "5410", "discount": "0", "earnings": %s,
               "subtotal": "4998", "grand_total": "5410", "currency_code": "USD"},
              "line_items": [{"id": "txnitm_${hex:item}", "price_id": "pri_${hex:price}", "quantity": 2,
               "totals": {"tax": "412", "total": "5410", "discount": "0", "subtotal": "4998"},
               "product": {"id": "pro_${hex:product}", "name": "Organic Cotton Tee", "type": "standard",
                "tax_category": "standard", "status": "active"}}]},
             "checkout": {"url": "https://shop.example.com/pay?_ptxn=txn_${hex:txn}"},
             "payments": [%s], "billed_at": %s, "address_id": "add_${hex:address}",
             "created_at": "${now}", "invoice_id": null, "updated_at": "${now}",
             "business_id": null, "custom_data": {"order_id": "ord_${id:order}"},
             "customer_id": "ctm_${hex:customer}", "discount_id": null, "currency_code": "USD",
             "billing_period": null, "invoice_number": null, "billing_details": null,
             "collection_mode": "automatic", "subscription_id": null}""";

    private static final String PAYMENT = """
            {"amount": "5410", "status": "%s", "created_at": "${now}", "error_code": %s,
             "captured_at": %s, "method_details": {"card": {"type": "visa", "last4": "%s",
              "expiry_year": 2027, "expiry_month": 8, "cardholder_name": "Ada Lovelace"}, "type": "card"},
             "payment_method_id": "paymtd_${hex:method}", "payment_attempt_id": "${uuid:attempt}",
             "stored_payment_method_id": "${uuid:stored}"}""";

    private static final String CUSTOMER = """
            {"id": "ctm_${hex:customer}", "name": "Ada Lovelace", "email": "%s", "locale": "en",
             "status": "active", "created_at": "${now}", "updated_at": "${now}", "custom_data": null,
             "import_meta": null, "marketing_consent": false}""";

    private PaddleSamples() {
    }

    static Map<String, SampleTemplate> all() {
        Map<String, SampleTemplate> out = new LinkedHashMap<>();
        out.put("order.created", event("transaction.created",
                TRANSACTION.formatted("ready", "null", "null", "", "null")));
        out.put("payment.failed", event("transaction.payment_failed", TRANSACTION.formatted("ready", "null",
                "null", PAYMENT.formatted("error", "\"declined\"", "null", "0002"), "null")));
        out.put("payment.succeeded", event("transaction.completed", TRANSACTION.formatted("completed", "\"321\"", "\"5089\"",
                PAYMENT.formatted("captured", "null", "\"${now}\"", "4242"), "\"${now}\"")));
        out.put("refund.created", event("adjustment.created", """
                {"id": "adj_${hex:adjustment}", "items": [{"id": "adjitm_${hex:adjitem}",
                  "type": "partial", "amount": "2705", "item_id": "txnitm_${hex:item}", "proration": null,
                  "totals": {"tax": "206", "total": "2705", "subtotal": "2499"}}],
                 "action": "refund", "reason": "Wrong size, customer returned one tee", "status": "pending_approval",
                 "totals": {"fee": "161", "tax": "206", "total": "2705", "earnings": "2338",
                  "subtotal": "2499", "currency_code": "USD"},
                 "created_at": "${now}", "updated_at": "${now}", "customer_id": "ctm_${hex:customer}",
                 "currency_code": "USD", "payout_totals": {"fee": "161", "tax": "206", "total": "2705",
                  "earnings": "2338", "subtotal": "2499", "currency_code": "USD"},
                 "transaction_id": "txn_${hex:txn}", "subscription_id": null,
                 "credit_applied_to_balance": null}"""));
        out.put("product.updated", event("product.updated", """
                {"id": "pro_${hex:product}", "name": "Organic Cotton Tee", "type": "standard",
                 "status": "active", "created_at": "${now}", "updated_at": "${now}",
                 "custom_data": {"sku": "TEE-BLK-M"},
                 "description": "Heavyweight organic cotton tee, garment dyed.",
                 "image_url": "https://shop.example.com/images/tee-black.jpg",
                 "import_meta": null, "tax_category": "standard"}"""));
        out.put("customer.created", event("customer.created", CUSTOMER.formatted("ada@example.com")));
        out.put("customer.updated", event("customer.updated", CUSTOMER.formatted("ada.lovelace@example.com")));
        return out;
    }

    private static SampleTemplate event(String type, String data) {
        return new SampleTemplate(type, """
                {"event_id": "evt_${hex:event}", "event_type": "%s", "occurred_at": "${now}",
                 "notification_id": "ntf_${hex:notification}", "data": %s}""".formatted(type, data));
    }
}
