package io.hooklane.sender;

import java.util.LinkedHashMap;
import java.util.Map;

/** WooCommerce REST API v3 resources as its webhooks deliver them (topic in {@code X-WC-Webhook-Topic}). */
final class WooCommerceSamples {

    private static final String BILLING = """
            {"first_name": "Ada", "last_name": "Lovelace", "company": "", "address_1": "12 Market Street",
             "address_2": "Apt 4", "city": "San Francisco", "state": "CA", "postcode": "94105", "country": "US",
             "email": "%s", "phone": "+14155550123"}""";

    private static final String ORDER = """
            {"id": ${num:order}, "parent_id": 0, "status": "%s", "currency": "USD", "version": "9.1.2",
             "prices_include_tax": false, "date_created": "${now:local}", "date_modified": "${now:local}",
             "discount_total": "0.00", "discount_tax": "0.00", "shipping_total": "5.99", "shipping_tax": "0.00",
             "cart_tax": "5.36", "total": "76.32", "total_tax": "5.36", "customer_id": ${num:customer},
             "order_key": "wc_order_${id:key}", "billing": %s,
             "shipping": {"first_name": "Ada", "last_name": "Lovelace", "company": "",
              "address_1": "12 Market Street", "address_2": "Apt 4", "city": "San Francisco", "state": "CA",
              "postcode": "94105", "country": "US", "phone": ""},
             "payment_method": "stripe", "payment_method_title": "Credit Card (Stripe)",
             "transaction_id": "%s", "customer_ip_address": "203.0.113.24", "created_via": "checkout",
             "customer_note": "", "date_completed": null, "date_paid": %s, "cart_hash": "${hex:cart}",
             "number": "${num:order}", "meta_data": [],
             "line_items": [{"id": ${num:line}, "name": "Organic Cotton Tee - Black, M", "product_id": ${num:product},
              "variation_id": 0, "quantity": 2, "tax_class": "", "subtotal": "49.98", "subtotal_tax": "4.12",
              "total": "49.98", "total_tax": "4.12", "taxes": [], "meta_data": [], "sku": "TEE-BLK-M",
              "price": 24.99}],
             "shipping_lines": [{"id": ${num:shipping_line}, "method_title": "Flat rate", "method_id": "flat_rate",
              "total": "5.99", "total_tax": "0.00"}],
             "tax_lines": [], "fee_lines": [], "coupon_lines": [], "refunds": [],
             "date_created_gmt": "${now:local}", "date_modified_gmt": "${now:local}", "currency_symbol": "$"}""";

    private static final String PRODUCT = """
            {"id": ${num:product}, "name": "Organic Cotton Tee", "slug": "organic-cotton-tee",
             "permalink": "https://shop.example.com/product/organic-cotton-tee/",
             "date_created": "${now:local}", "date_modified": "${now:local}", "type": "simple",
             "status": "publish", "featured": false, "catalog_visibility": "visible",
             "description": "<p>Heavyweight organic cotton tee, garment dyed.</p>",
             "short_description": "<p>Organic cotton tee.</p>", "sku": "TEE-BLK-M", "price": "%s",
             "regular_price": "29.99", "sale_price": "%s", "on_sale": %s, "purchasable": true, "total_sales": 118,
             "virtual": false, "downloadable": false, "tax_status": "taxable", "tax_class": "",
             "manage_stock": true, "stock_quantity": %d, "stock_status": "instock", "backorders": "no",
             "weight": "0.3", "dimensions": {"length": "30", "width": "25", "height": "2"},
             "shipping_class": "", "categories": [{"id": 17, "name": "T-Shirts", "slug": "t-shirts"}],
             "tags": [], "images": [{"id": ${num:image}, "src":
              "https://shop.example.com/wp-content/uploads/2024/05/tee-black.jpg", "name": "tee-black",
              "alt": "Black organic cotton tee"}],
             "attributes": [], "variations": [], "meta_data": []}""";

    private static final String CUSTOMER = """
            {"id": ${num:customer}, "date_created": "${now:local}", "date_modified": "${now:local}",
             "email": "%s", "first_name": "Ada", "last_name": "Lovelace", "role": "customer",
             "username": "ada.lovelace", "billing": %s,
             "shipping": {"first_name": "Ada", "last_name": "Lovelace", "company": "",
              "address_1": "12 Market Street", "address_2": "Apt 4", "city": "San Francisco", "state": "CA",
              "postcode": "94105", "country": "US", "phone": ""},
             "is_paying_customer": %s,
             "avatar_url": "https://secure.gravatar.com/avatar/${hex:avatar}?s=96&d=mm&r=g", "meta_data": []}""";

    private WooCommerceSamples() {
    }

    static Map<String, SampleTemplate> all() {
        String billing = BILLING.formatted("ada@example.com");
        Map<String, SampleTemplate> out = new LinkedHashMap<>();
        out.put("order.created", new SampleTemplate("order.created",
                ORDER.formatted("pending", billing, "", "null")));
        out.put("payment.failed", new SampleTemplate("order.updated",
                ORDER.formatted("failed", billing, "", "null")));
        out.put("payment.succeeded", new SampleTemplate("order.updated",
                ORDER.formatted("processing", billing, "pi_${id:pi}", "\"${now:local}\"")));
        out.put("inventory.updated", new SampleTemplate("product.updated",
                PRODUCT.formatted("29.99", "", "false", 41)));
        out.put("product.updated", new SampleTemplate("product.updated",
                PRODUCT.formatted("24.99", "24.99", "true", 42)));
        out.put("customer.created", new SampleTemplate("customer.created",
                CUSTOMER.formatted("ada@example.com", billing, "false")));
        out.put("customer.updated", new SampleTemplate("customer.updated",
                CUSTOMER.formatted("ada.lovelace@example.com", BILLING.formatted("ada.lovelace@example.com"), "true")));
        return out;
    }
}
