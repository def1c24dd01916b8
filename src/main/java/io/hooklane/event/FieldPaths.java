package io.hooklane.event;

import java.util.HashMap;
import java.util.Map;

/**
 * The fields a normalizer reads from a payload, as paths of object member names ({@code "data.object.id"}): what
 * {@link Json#readObject(byte[], FieldPaths)} keeps from the payload. Names are split on dots, so a path cannot name
 * a member whose name contains one. Immutable.
 */
final class FieldPaths {

    private final Map<String, FieldPaths> children;
    private final boolean leaf;

    private FieldPaths(Map<String, FieldPaths> children, boolean leaf) {
        this.children = children;
        this.leaf = leaf;
    }

    static FieldPaths of(String... dottedPaths) {
        Builder root = new Builder();
        for (String path : dottedPaths) {
            Builder node = root;
            for (String name : path.split("\\.", -1)) {
                if (name.isEmpty()) {
                    throw new IllegalArgumentException("a field path needs non-empty names between dots: '" + path
                            + "'");
                }
                node = node.children.computeIfAbsent(name, n -> new Builder());
            }
            node.leaf = true;
        }
        return root.build();
    }

    /** The paths below the member {@code name}, or null when no path goes through it. */
    FieldPaths child(String name) {
        return children.get(name);
    }

    /** Whether a path ends at this member: its whole value is kept. */
    boolean isLeaf() {
        return leaf;
    }

    private static final class Builder {
        final Map<String, Builder> children = new HashMap<>();
        boolean leaf;

        FieldPaths build() {
            Map<String, FieldPaths> built = new HashMap<>();
            children.forEach((name, child) -> built.put(name, child.build()));
            return new FieldPaths(Map.copyOf(built), leaf);
        }
    }
}
