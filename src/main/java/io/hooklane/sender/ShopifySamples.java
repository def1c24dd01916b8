package io.hooklane.sender;

import java.util.LinkedHashMap;
import java.util.Map;

/** Shopify REST webhook payloads (topic in {@code X-Shopify-Topic}), trimmed from Shopify's example bodies. */
final class ShopifySamples {

    private static final String ADDRESS = """
            {"first_name": "Ada", "last_name": "Lovelace", "address1": "12 Market Street", "address2": "Apt 4",
             "city": "San Francisco", "province": "California", "province_code": "CA", "zip": "94105",
             "country": "United States", "country_code": "US", "phone": "+14155550123", "company": null}""";

    private static final String LINE_ITEM = """
            {"id": ${num:line}, "admin_graphql_api_id": "gid://shopify/LineItem/${num:line}",
             "name": "Organic Cotton Tee - Black / M", "price": "24.99", "product_id": ${num:product},
             "quantity": 2, "requires_shipping": true, "sku": "TEE-BLK-M", "taxable": true,
             "title": "Organic Cotton Tee", "variant_id": ${num:variant}, "variant_title": "Black / M",
             "vendor": "Hooklane Apparel", "fulfillment_status": null}""";

    private static final String ORDER = """
            {"id": ${num:order}, "admin_graphql_api_id": "gid://shopify/Order/${num:order}",
             "app_id": 580111, "browser_ip": "203.0.113.24", "buyer_accepts_marketing": true,
             "confirmation_number": "K7QX2M4PZ", "confirmed": true, "contact_email": "ada@example.com",
             "created_at": "${now:offset}", "currency": "USD", "current_subtotal_price": "49.98",
             "current_total_price": "60.95", "current_total_tax": "4.98", "email": "ada@example.com",
             "financial_status": "%s", "fulfillment_status": null, "name": "#1042", "order_number": 1042,
             "presentment_currency": "USD", "processed_at": "${now:offset}", "source_name": "web",
             "subtotal_price": "49.98", "tags": "", "test": false, "total_discounts": "0.00",
             "total_price": "60.95", "total_tax": "4.98", "updated_at": "${now:offset}",
             "customer": {"id": ${num:customer}, "email": "ada@example.com", "first_name": "Ada",
              "last_name": "Lovelace", "state": "enabled", "verified_email": true},
             "line_items": [%s], "shipping_address": %s}""";

    private static final String CUSTOMER = """
            {"id": ${num:customer}, "email": "%s", "created_at": "${now:offset}",
             "updated_at": "${now:offset}", "first_name": "Ada", "last_name": "Lovelace", "orders_count": %d,
             "state": "enabled", "total_spent": "%s", "last_order_id": null, "note": null,
             "verified_email": true, "multipass_identifier": null, "tax_exempt": false, "tags": "newsletter",
             "last_order_name": null, "currency": "USD", "phone": "+14155550123", "tax_exemptions": [],
             "email_marketing_consent": {"state": "subscribed", "opt_in_level": "single_opt_in",
              "consent_updated_at": "${now:offset}"},
             "sms_marketing_consent": null, "admin_graphql_api_id": "gid://shopify/Customer/${num:customer}",
             "default_address": {"id": ${num:address}, "customer_id": ${num:customer}, "first_name": "Ada",
              "last_name": "Lovelace", "address1": "12 Market Street", "city": "San Francisco",
              "province": "California", "country": "United States", "zip": "94105", "default": true}}""";

    private ShopifySamples() {
    }

    static Map<String, SampleTemplate> all() {
        Map<String, SampleTemplate> out = new LinkedHashMap<>();
        out.put("order.created", new SampleTemplate("orders/create", ORDER.formatted("pending", LINE_ITEM, ADDRESS)));
        out.put("payment.succeeded", new SampleTemplate("orders/paid", ORDER.formatted("paid", LINE_ITEM, ADDRESS)));
        out.put("payment.failed", new SampleTemplate("order_transactions/create", """
                {"id": ${num:transaction}, "order_id": ${num:order}, "kind": "sale", "gateway": "shopify_payments",
                 "status": "failure", "message": "Your card was declined.", "created_at": "${now:offset}",
                 "test": false, "authorization": null, "location_id": null, "user_id": null, "parent_id": null,
                 "processed_at": "${now:offset}", "device_id": null, "error_code": "card_declined",
                 "source_name": "web", "payment_details": {"credit_card_bin": "400000", "avs_result_code": "Y",
                  "cvv_result_code": "M", "credit_card_number": "•••• •••• •••• 0002",
                  "credit_card_company": "Visa", "buyer_action_info": null, "credit_card_name": "Ada Lovelace",
                  "credit_card_wallet": null, "credit_card_expiration_month": 8,
                  "credit_card_expiration_year": 2027, "payment_method_name": "visa"},
                 "receipt": {}, "amount": "60.95", "currency": "USD", "payment_id": "#1042.1",
                 "total_unsettled_set": {"presentment_money": {"amount": "0.00", "currency": "USD"},
                  "shop_money": {"amount": "0.00", "currency": "USD"}},
                 "manual_payment_gateway": false, "amount_rounding": null,
                 "admin_graphql_api_id": "gid://shopify/OrderTransaction/${num:transaction}"}"""));
        out.put("refund.created", new SampleTemplate("refunds/create", """
                {"id": ${num:refund}, "order_id": ${num:order}, "created_at": "${now:offset}",
                 "note": "Wrong size", "user_id": null, "processed_at": "${now:offset}", "restock": true,
                 "duties": [], "total_duties_set": {"shop_money": {"amount": "0.00", "currency_code": "USD"},
                  "presentment_money": {"amount": "0.00", "currency_code": "USD"}},
                 "return": null, "admin_graphql_api_id": "gid://shopify/Refund/${num:refund}",
                 "refund_line_items": [{"id": ${num:refund_line}, "quantity": 1, "line_item_id": ${num:line},
                  "location_id": ${num:location}, "restock_type": "return", "subtotal": 24.99,
                  "total_tax": 2.49, "line_item": %s}],
                 "transactions": [{"id": ${num:transaction}, "order_id": ${num:order}, "kind": "refund",
                  "gateway": "shopify_payments", "status": "success", "message": "Transaction approved",
                  "created_at": "${now:offset}", "test": false, "parent_id": ${num:parent},
                  "amount": "27.48", "currency": "USD"}],
                 "order_adjustments": []}""".formatted(LINE_ITEM)));
        out.put("inventory.updated", new SampleTemplate("inventory_levels/update", """
                {"inventory_item_id": ${num:item}, "location_id": ${num:location}, "available": 42,
                 "updated_at": "${now:offset}",
                 "admin_graphql_api_id": "gid://shopify/InventoryLevel/${num:location}?inventory_item_id=${num:item}"}"""));
        out.put("product.updated", new SampleTemplate("products/update", """
                {"admin_graphql_api_id": "gid://shopify/Product/${num:product}",
                 "body_html": "<p>Heavyweight organic cotton tee, garment dyed.</p>",
                 "created_at": "${now:offset}", "handle": "organic-cotton-tee", "id": ${num:product},
                 "product_type": "T-Shirts", "published_at": "${now:offset}", "template_suffix": null,
                 "title": "Organic Cotton Tee", "updated_at": "${now:offset}", "vendor": "Hooklane Apparel",
                 "status": "active", "published_scope": "global", "tags": "organic, summer",
                 "variants": [{"admin_graphql_api_id": "gid://shopify/ProductVariant/${num:variant}",
                  "barcode": null, "compare_at_price": "29.99", "created_at": "${now:offset}",
                  "id": ${num:variant}, "inventory_policy": "deny", "position": 1, "price": "24.99",
                  "product_id": ${num:product}, "sku": "TEE-BLK-M", "taxable": true, "title": "Black / M",
                  "updated_at": "${now:offset}", "option1": "Black", "option2": "M", "option3": null,
                  "image_id": null, "inventory_item_id": ${num:item}, "inventory_quantity": 42}],
                 "options": [{"name": "Color", "id": ${num:option1}, "product_id": ${num:product}, "position": 1,
                  "values": ["Black"]}, {"name": "Size", "id": ${num:option2}, "product_id": ${num:product},
                  "position": 2, "values": ["M"]}],
                 "images": [], "image": null, "media": [],
                 "variant_gids": [{"admin_graphql_api_id": "gid://shopify/ProductVariant/${num:variant}",
                  "updated_at": "${now}"}], "has_variants_that_requires_components": false, "category": null}"""));
        out.put("shipment.updated", new SampleTemplate("fulfillments/update", """
                {"id": ${num:fulfillment}, "order_id": ${num:order}, "status": "success",
                 "created_at": "${now:offset}", "service": "manual", "updated_at": "${now:offset}",
                 "tracking_company": "UPS", "shipment_status": "in_transit", "location_id": ${num:location},
                 "origin_address": null, "email": "ada@example.com", "destination": %s,
                 "line_items": [%s], "tracking_number": "1Z999AA1${num:tracking}",
                 "tracking_numbers": ["1Z999AA1${num:tracking}"],
                 "tracking_url": "https://www.ups.com/WebTracking?loc=en_US&requester=ST&trackNums=1Z999AA1${num:tracking}",
                 "tracking_urls": ["https://www.ups.com/WebTracking?loc=en_US&requester=ST&trackNums=1Z999AA1${num:tracking}"],
                 "receipt": {}, "name": "#1042.1",
                 "admin_graphql_api_id": "gid://shopify/Fulfillment/${num:fulfillment}"}"""
                .formatted(ADDRESS, LINE_ITEM)));
        out.put("customer.created", new SampleTemplate("customers/create", CUSTOMER.formatted("ada@example.com", 0, "0.00")));
        out.put("customer.updated",
                new SampleTemplate("customers/update", CUSTOMER.formatted("ada.lovelace@example.com", 3, "184.67")));
        return out;
    }
}
