package io.hooklane.sender;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Bodies for the platform-neutral schemes: Standard Webhooks ({@code {"type", "timestamp", "data"}}) and the
 * generic HMAC source ({@code {"event", "timestamp", "data"}}), sharing one {@code data} object per event.
 */
final class CommerceSamples {

    private static final String ADDRESS = """
            {"name": "Ada Lovelace", "line1": "12 Market Street", "line2": "Apt 4", "city": "San Francisco",
             "region": "CA", "postal_code": "94105", "country": "US", "phone": "+14155550123"}""";

    private static final Map<String, String> DATA = new LinkedHashMap<>();

    static {
        DATA.put("order.created", """
                {"order_id": "ord_${id:order}", "order_number": "HL-${num:number}", "status": "pending",
                 "customer": {"id": "cus_${id:customer}", "email": "ada@example.com", "name": "Ada Lovelace"},
                 "currency": "USD", "subtotal_amount": 6497, "shipping_amount": 599, "tax_amount": 536,
                 "total_amount": 7632,
                 "items": [
                  {"id": "li_${id:line1}", "sku": "TEE-BLK-M", "name": "Organic Cotton Tee - Black / M",
                   "quantity": 2, "unit_amount": 2499},
                  {"id": "li_${id:line2}", "sku": "MUG-WHT-12", "name": "Enamel Camp Mug 12oz",
                   "quantity": 1, "unit_amount": 1499}],
                 "shipping_address": %s,
                 "channel": "web", "created_at": "${now}"}""".formatted(ADDRESS));
        DATA.put("payment.failed", """
                {"payment_id": "pay_${id:payment}", "order_id": "ord_${id:order}", "status": "failed",
                 "amount": 7632, "currency": "USD",
                 "method": {"type": "card", "brand": "visa", "last4": "0002", "exp_month": 8, "exp_year": 2027},
                 "failure": {"code": "card_declined", "decline_code": "insufficient_funds",
                  "message": "Your card has insufficient funds."},
                 "attempt": 1, "will_retry": false, "customer_id": "cus_${id:customer}",
                 "failed_at": "${now}"}""");
        DATA.put("payment.succeeded", """
                {"payment_id": "pay_${id:payment}", "order_id": "ord_${id:order}", "status": "succeeded",
                 "amount": 7632, "amount_captured": 7632, "currency": "USD",
                 "method": {"type": "card", "brand": "visa", "last4": "4242", "exp_month": 8, "exp_year": 2027,
                  "wallet": null},
                 "fees": {"amount": 251, "currency": "USD"}, "net_amount": 7381,
                 "customer_id": "cus_${id:customer}", "receipt_url": "https://shop.example.com/receipts/${id:payment}",
                 "captured_at": "${now}"}""");
        DATA.put("refund.created", """
                {"refund_id": "re_${id:refund}", "payment_id": "pay_${id:payment}", "order_id": "ord_${id:order}",
                 "status": "pending", "amount": 2499, "currency": "USD", "reason": "requested_by_customer",
                 "note": "Customer returned one tee (wrong size).",
                 "items": [{"sku": "TEE-BLK-M", "quantity": 1, "amount": 2499, "restock": true}],
                 "created_at": "${now}"}""");
        DATA.put("inventory.updated", """
                {"inventory_item_id": "inv_${id:item}", "sku": "TEE-BLK-M", "product_id": "prod_${id:product}",
                 "location": {"id": "loc_${id:location}", "name": "Oakland Warehouse"},
                 "available": 42, "previous_available": 44, "committed": 3, "incoming": 120,
                 "reason": "order_fulfilled", "reference": "ord_${id:order}", "updated_at": "${now}"}""");
        DATA.put("product.updated", """
                {"product_id": "prod_${id:product}", "handle": "organic-cotton-tee", "title": "Organic Cotton Tee",
                 "status": "active", "vendor": "Hooklane Apparel", "product_type": "T-Shirts",
                 "tags": ["organic", "summer"],
                 "variants": [
                  {"id": "var_${id:variant1}", "sku": "TEE-BLK-M", "title": "Black / M", "price": 2499,
                   "compare_at_price": 2999, "currency": "USD", "inventory_quantity": 42},
                  {"id": "var_${id:variant2}", "sku": "TEE-BLK-L", "title": "Black / L", "price": 2499,
                   "compare_at_price": 2999, "currency": "USD", "inventory_quantity": 17}],
                 "changed_fields": ["variants.price", "tags"], "updated_at": "${now}"}""");
        DATA.put("shipment.updated", """
                {"shipment_id": "shp_${id:shipment}", "order_id": "ord_${id:order}", "status": "in_transit",
                 "previous_status": "label_created", "carrier": "UPS", "service": "UPS Ground",
                 "tracking_number": "1Z999AA1${num:tracking}",
                 "tracking_url": "https://www.ups.com/track?tracknum=1Z999AA1${num:tracking}",
                 "estimated_delivery": "${now}",
                 "items": [{"sku": "TEE-BLK-M", "quantity": 2}, {"sku": "MUG-WHT-12", "quantity": 1}],
                 "destination": %s, "updated_at": "${now}"}""".formatted(ADDRESS));
        DATA.put("customer.created", """
                {"customer_id": "cus_${id:customer}", "email": "ada@example.com", "first_name": "Ada",
                 "last_name": "Lovelace", "phone": "+14155550123", "locale": "en-US",
                 "marketing_consent": {"email": true, "sms": false, "updated_at": "${now}"},
                 "default_address": %s,
                 "tags": ["newsletter"], "created_at": "${now}"}""".formatted(ADDRESS));
        DATA.put("customer.updated", """
                {"customer_id": "cus_${id:customer}", "email": "ada.lovelace@example.com", "first_name": "Ada",
                 "last_name": "Lovelace", "phone": "+14155550123", "locale": "en-US",
                 "default_address": %s,
                 "previous_attributes": {"email": "ada@example.com"},
                 "orders_count": 3, "total_spent": 18467, "currency": "USD", "updated_at": "${now}"}"""
                .formatted(ADDRESS));
        DATA.put("review.created", """
                {"review_id": "rev_${id:review}", "product_id": "prod_${id:product}", "sku": "TEE-BLK-M",
                 "order_id": "ord_${id:order}", "customer_id": "cus_${id:customer}", "rating": 4,
                 "title": "Soft and true to size",
                 "body": "Really comfortable fabric and the black hasn't faded after a few washes. Runs slightly long.",
                 "verified_purchase": true, "status": "pending_moderation", "locale": "en-US",
                 "media": [{"type": "image", "url": "https://cdn.example.com/reviews/${id:review}/1.jpg"}],
                 "created_at": "${now}"}""");
    }

    private CommerceSamples() {
    }

    static Map<String, SampleTemplate> standard() {
        return wrap("type");
    }

    static Map<String, SampleTemplate> generic() {
        return wrap("event");
    }

    private static Map<String, SampleTemplate> wrap(String typeField) {
        Map<String, SampleTemplate> out = new LinkedHashMap<>();
        DATA.forEach((event, data) -> out.put(event, new SampleTemplate(event,
                "{\"" + typeField + "\": \"" + event + "\", \"timestamp\": \"${now}\", \"data\": " + data + "}")));
        return out;
    }
}
