package io.hooklane.event;

import java.util.Set;

/** The gateway's normalised commerce vocabulary, and the pass-through rule for everything else. */
final class CommerceTypes {

    static final String ORDER_CREATED = "order.created";
    static final String ORDER_UPDATED = "order.updated";
    static final String ORDER_CANCELLED = "order.cancelled";
    static final String PAYMENT_SUCCEEDED = "payment.succeeded";
    static final String PAYMENT_FAILED = "payment.failed";
    static final String REFUND_CREATED = "refund.created";
    static final String SHIPMENT_CREATED = "shipment.created";
    static final String SHIPMENT_UPDATED = "shipment.updated";
    static final String INVENTORY_UPDATED = "inventory.updated";
    static final String PRODUCT_CREATED = "product.created";
    static final String PRODUCT_UPDATED = "product.updated";
    static final String CUSTOMER_CREATED = "customer.created";
    static final String CUSTOMER_UPDATED = "customer.updated";

    static final Set<String> ALL = Set.of(ORDER_CREATED, ORDER_UPDATED, ORDER_CANCELLED, PAYMENT_SUCCEEDED,
            PAYMENT_FAILED, REFUND_CREATED, SHIPMENT_CREATED, SHIPMENT_UPDATED, INVENTORY_UPDATED, PRODUCT_CREATED,
            PRODUCT_UPDATED, CUSTOMER_CREATED, CUSTOMER_UPDATED);

    private CommerceTypes() {
    }

    /** A provider type outside the vocabulary, prefixed with the source name: {@code stripe.invoice.paid}. */
    static String passThrough(String source, String providerType) {
        return source + "." + providerType;
    }

    /** The mapped type if there is one, else the pass-through. */
    static String mappedOrPassThrough(String mapped, String source, String providerType) {
        return mapped != null ? mapped : passThrough(source, providerType);
    }
}
