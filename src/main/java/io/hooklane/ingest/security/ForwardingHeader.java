package io.hooklane.ingest.security;

/**
 * The one request header the client address is read from behind trusted proxies
 * ({@value #SETTING}). Only that header is read: a proxy that appends to {@code X-Forwarded-For} passes a client's own
 * {@code Forwarded} header through untouched (ALB and nginx do), so believing whichever is present would let a client
 * choose its address.
 */
public enum ForwardingHeader {
    X_FORWARDED_FOR("X-Forwarded-For"),
    /** RFC 7239: the {@code for=} parameter of each element. */
    FORWARDED("Forwarded");

    public static final String SETTING = "hooklane.ingest.client-address-header";

    private final String headerName;

    ForwardingHeader(String headerName) {
        this.headerName = headerName;
    }

    public String headerName() {
        return headerName;
    }

    /**
     * @param value {@code X-Forwarded-For} or {@code Forwarded}, in any case; blank means {@code X-Forwarded-For}
     * @throws IllegalArgumentException naming the setting and the value
     */
    public static ForwardingHeader fromSetting(String value) {
        if (value == null || value.isBlank()) {
            return X_FORWARDED_FOR;
        }
        for (ForwardingHeader header : values()) {
            if (header.headerName.equalsIgnoreCase(value.trim())) {
                return header;
            }
        }
        throw new IllegalArgumentException(SETTING + " must be X-Forwarded-For or Forwarded but was '" + value + "'");
    }
}
