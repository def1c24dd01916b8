package io.hooklane.event;

import java.time.Instant;
import java.util.Arrays;
import java.util.Objects;

/**
 * A verified webhook in the gateway's canonical shape, ready to be written as a CloudEvent.
 * Immutable: the payload bytes are copied in and {@link #data()} hands out a copy.
 */
public final class CanonicalEvent {

    private final String id;
    private final String source;
    private final String type;
    private final String providerType;
    private final Instant time;
    private final String subject;
    private final String dataContentType;
    private final byte[] data;
    private final boolean dataParsedAsJson;
    private final String unsignedAttributes;

    /**
     * @param id              unique per source, non-blank
     * @param source          the configured source name, e.g. {@code stripe}, non-blank
     * @param type            the normalised commerce type, or the prefixed provider type, non-blank
     * @param providerType    the provider's own type, may be null
     * @param time            when the event happened (or was received), not null
     * @param subject         the resource id, may be null (blank is stored as null)
     * @param dataContentType the payload's media type, may be null (blank is stored as null)
     * @param data            the original payload bytes, not null
     */
    public CanonicalEvent(String id, String source, String type, String providerType, Instant time,
                          String subject, String dataContentType, byte[] data) {
        this(id, source, type, providerType, time, subject, dataContentType, data, false);
    }

    /**
     * As above, for a normalizer that has already read {@code data} with
     * {@link Json#readObject(byte[], FieldPaths)}: the bytes are then known to be exactly one JSON value within the
     * limits and without duplicate keys, and the CloudEvent writer does not parse them a second time to decide that.
     */
    CanonicalEvent(String id, String source, String type, String providerType, Instant time,
                   String subject, String dataContentType, byte[] data, boolean dataParsedAsJson) {
        this(id, source, type, providerType, time, subject, dataContentType, data, dataParsedAsJson, null);
    }

    /**
     * As above, for a normalizer that took some attributes from request headers the provider does not sign.
     *
     * @param unsignedAttributes those attributes' names, comma-separated ({@link UnsignedAttributes#of}); null or
     *                           blank when every attribute came from signed content or from the gateway itself
     */
    CanonicalEvent(String id, String source, String type, String providerType, Instant time,
                   String subject, String dataContentType, byte[] data, boolean dataParsedAsJson,
                   String unsignedAttributes) {
        this.dataParsedAsJson = dataParsedAsJson;
        this.unsignedAttributes = blankToNull(unsignedAttributes);
        this.id = requireNonBlank(id, "id");
        this.source = requireNonBlank(source, "source");
        this.type = requireNonBlank(type, "type");
        this.providerType = providerType;
        this.time = Objects.requireNonNull(time, "time");
        this.subject = blankToNull(subject);
        this.dataContentType = blankToNull(dataContentType);
        this.data = Objects.requireNonNull(data, "data").clone();
    }

    public String id() {
        return id;
    }

    public String source() {
        return source;
    }

    public String type() {
        return type;
    }

    public String providerType() {
        return providerType;
    }

    public Instant time() {
        return time;
    }

    public String subject() {
        return subject;
    }

    public String dataContentType() {
        return dataContentType;
    }

    /**
     * The attributes taken from request headers the provider does not sign, comma-separated ({@code "type,id,time"}
     * or a part of it); null when there are none. Written as the {@code unsignedattrs} extension.
     */
    public String unsignedAttributes() {
        return unsignedAttributes;
    }

    /** A copy of the original payload bytes. */
    public byte[] data() {
        return data.clone();
    }

    /** The payload bytes without copying, for writers in this package; must not be modified. */
    byte[] rawData() {
        return data;
    }

    /** Whether {@link Json#readObject(byte[], FieldPaths)} read the payload when it was normalized. */
    boolean dataParsedAsJson() {
        return dataParsedAsJson;
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof CanonicalEvent)) {
            return false;
        }
        CanonicalEvent other = (CanonicalEvent) o;
        return id.equals(other.id) && source.equals(other.source) && type.equals(other.type)
                && Objects.equals(providerType, other.providerType) && time.equals(other.time)
                && Objects.equals(subject, other.subject) && Objects.equals(dataContentType, other.dataContentType)
                && Objects.equals(unsignedAttributes, other.unsignedAttributes) && Arrays.equals(data, other.data);
    }

    @Override
    public int hashCode() {
        return Objects.hash(id, source, type, providerType, time, subject, dataContentType, unsignedAttributes,
                Arrays.hashCode(data));
    }

    /** Describes the event without its payload (which may hold personal data). */
    @Override
    public String toString() {
        return "CanonicalEvent[id=" + id + ", source=" + source + ", type=" + type + ", providerType=" + providerType
                + ", time=" + time + ", subject=" + subject + ", dataContentType=" + dataContentType
                + (unsignedAttributes == null ? "" : ", unsignedAttributes=" + unsignedAttributes)
                + ", bytes=" + data.length + "]";
    }

    private static String requireNonBlank(String value, String name) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(name + " must not be blank");
        }
        return value;
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }
}
