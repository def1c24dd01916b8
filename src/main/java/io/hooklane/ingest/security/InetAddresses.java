package io.hooklane.ingest.security;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * Parses IP address literals without ever resolving a name: a dotted-quad IPv4 address is read byte by byte, an IPv6
 * address is handed to the JDK in brackets, the one form it parses as a literal or refuses (never a DNS lookup).
 */
final class InetAddresses {

    private InetAddresses() {
    }

    /** The address written in {@code text}, or {@link IllegalArgumentException} saying why it is not a literal. */
    static InetAddress parseLiteral(String text) {
        if (text == null || text.isEmpty()) {
            throw new IllegalArgumentException("empty address");
        }
        return text.indexOf(':') >= 0 ? parseIpv6(text) : parseIpv4(text);
    }

    /** Like {@link #parseLiteral} but {@code null} instead of an exception. */
    static InetAddress tryParseLiteral(String text) {
        try {
            return parseLiteral(text);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** An IPv4-mapped IPv6 address ({@code ::ffff:a.b.c.d}) as the IPv4 address it carries; any other unchanged. */
    static InetAddress unmapped(InetAddress address) {
        if (address instanceof Inet6Address) {
            byte[] bytes = address.getAddress();
            if (isIpv4Mapped(bytes)) {
                try {
                    return InetAddress.getByAddress(new byte[] {bytes[12], bytes[13], bytes[14], bytes[15]});
                } catch (UnknownHostException e) {
                    throw new IllegalStateException(e); // four bytes are always a valid address
                }
            }
        }
        return address;
    }

    private static boolean isIpv4Mapped(byte[] bytes) {
        if (bytes.length != 16) {
            return false;
        }
        for (int i = 0; i < 10; i++) {
            if (bytes[i] != 0) {
                return false;
            }
        }
        return bytes[10] == (byte) 0xff && bytes[11] == (byte) 0xff;
    }

    private static InetAddress parseIpv4(String text) {
        byte[] bytes = new byte[4];
        int part = 0;
        int start = 0;
        for (int i = 0; i <= text.length(); i++) {
            if (i == text.length() || text.charAt(i) == '.') {
                if (part == 4) {
                    throw new IllegalArgumentException("not an IP address (more than four parts)");
                }
                bytes[part++] = (byte) octet(text, start, i);
                start = i + 1;
            }
        }
        if (part != 4) {
            throw new IllegalArgumentException("not an IP address (an IPv4 address has four dot-separated parts;"
                    + " host names are not accepted)");
        }
        try {
            return InetAddress.getByAddress(bytes);
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    private static int octet(String text, int start, int end) {
        int length = end - start;
        if (length == 0 || length > 3) {
            throw new IllegalArgumentException("not an IP address");
        }
        if (length > 1 && text.charAt(start) == '0') {
            throw new IllegalArgumentException("not an IP address (leading zero, ambiguous octal)");
        }
        int value = 0;
        for (int i = start; i < end; i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                throw new IllegalArgumentException("not an IP address (host names are not accepted)");
            }
            value = value * 10 + (c - '0');
        }
        if (value > 255) {
            throw new IllegalArgumentException("not an IP address (octet above 255)");
        }
        return value;
    }

    private static InetAddress parseIpv6(String text) {
        if (text.length() > 45) {
            throw new IllegalArgumentException("not an IPv6 address (too long)");
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            boolean allowed = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F')
                    || c == ':' || c == '.';
            if (!allowed) {
                throw new IllegalArgumentException("not an IPv6 address (unexpected '" + c + "'"
                        + (c == '%' ? ": zone ids are not accepted" : "") + ")");
            }
        }
        try {
            // in brackets the JDK parses an IPv6 literal or fails; it never falls back to a name lookup
            return InetAddress.getByName("[" + text + "]");
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("not an IPv6 address");
        }
    }

    /** {@code true} when the first {@code prefixLength} bits of both byte arrays agree. */
    static boolean samePrefix(byte[] a, byte[] b, int prefixLength) {
        int fullBytes = prefixLength / 8;
        for (int i = 0; i < fullBytes; i++) {
            if (a[i] != b[i]) {
                return false;
            }
        }
        int remainingBits = prefixLength % 8;
        if (remainingBits == 0) {
            return true;
        }
        int mask = (0xff << (8 - remainingBits)) & 0xff;
        return (a[fullBytes] & mask) == (b[fullBytes] & mask);
    }

    /** A copy of {@code bytes} with every bit after the first {@code prefixLength} cleared. */
    static byte[] masked(byte[] bytes, int prefixLength) {
        byte[] out = bytes.clone();
        for (int bit = prefixLength; bit < out.length * 8; bit++) {
            out[bit / 8] &= (byte) ~(0x80 >>> (bit % 8));
        }
        return out;
    }

    static boolean isIpv4(InetAddress address) {
        return address instanceof Inet4Address;
    }
}
