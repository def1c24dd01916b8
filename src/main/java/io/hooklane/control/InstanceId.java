package io.hooklane.control;

import java.net.InetAddress;
import java.util.regex.Pattern;

/**
 * The name this gateway instance signs its control records with ({@code hooklane.instance-id}): given, or the host
 * name and process id ({@code <hostname>-<pid>}).
 */
public final class InstanceId {

    public static final String KEY = "hooklane.instance-id";
    private static final Pattern VALID = Pattern.compile("[A-Za-z0-9._:@-]{1,64}");

    private InstanceId() {
    }

    /** @param configured the setting's value; blank for the default */
    public static String resolve(String configured) {
        String id = configured == null || configured.isBlank() ? defaultId() : configured.strip();
        if (!VALID.matcher(id).matches()) {
            throw new IllegalArgumentException(KEY + " must be 1 to 64 characters among letters, digits and ._:@- "
                    + "but was '" + id.replaceAll("[^\\x20-\\x7e]", "?") + "'");
        }
        return id;
    }

    /** Whether {@code id} has the shape of an instance id (what a control record's {@code by} must be). */
    public static boolean valid(String id) {
        return id != null && VALID.matcher(id).matches();
    }

    private static String defaultId() {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (java.io.IOException e) {
            host = "hooklane";
        }
        String id = host.replaceAll("[^A-Za-z0-9._-]", "-") + "-" + ProcessHandle.current().pid();
        return id.length() <= 64 ? id : id.substring(id.length() - 64);
    }
}
