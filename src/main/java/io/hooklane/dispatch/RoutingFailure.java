package io.hooklane.dispatch;

/** Why an inbound record was written to the routing dead-letter topic instead of being routed. */
public enum RoutingFailure {

    /** The record is not a CloudEvent routing can read (null value, not JSON, no id/source/type): deterministic. */
    UNREADABLE_RECORD("unreadable_record"),
    /** A routing rule threw on this event: deterministic for the rules in force, dead-lettered at once. */
    RULE_FAILED("rule_failed"),
    /** Its delivery records could not all be written within the configured number of attempts. */
    WRITE_FAILED("write_failed");

    private final String code;

    RoutingFailure(String code) {
        this.code = code;
    }

    /** The machine-readable reason written into the dead letter and the metric's label. */
    public String code() {
        return code;
    }
}
