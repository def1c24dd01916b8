package io.hooklane.event;

import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The fields a normalizer reads from a payload, as paths of object member names ({@code "data.object.id"}): what
 * {@link Json#readObject(byte[], FieldPaths)} keeps from the payload. Names are split on dots, so a path cannot name
 * a member whose name contains one. A path may instead be read for its shape only
 * ({@link #of(Collection, Collection)}): a scalar there is kept, an object or array becomes an empty one of the same
 * kind, so a check can see that a large member ({@code line_items}) is there without it being built. Immutable.
 */
final class FieldPaths {

    private final Map<String, FieldPaths> children;
    private final boolean leaf;
    private final boolean shapeOnly;

    private FieldPaths(Map<String, FieldPaths> children, boolean leaf, boolean shapeOnly) {
        this.children = children;
        this.leaf = leaf;
        this.shapeOnly = shapeOnly;
    }

    static FieldPaths of(String... dottedPaths) {
        return of(List.of(dottedPaths), List.of());
    }

    /**
     * @param values     paths whose values are kept whole
     * @param shapesOnly paths kept for their shape only (see the class comment); a path in both keeps its value
     */
    static FieldPaths of(Collection<String> values, Collection<String> shapesOnly) {
        Builder root = new Builder();
        for (String path : shapesOnly) {
            root.add(path).leaf = true;
        }
        for (String path : values) {
            Builder node = root.add(path);
            node.leaf = true;
            node.keepsValue = true;
        }
        return root.build();
    }

    /** The paths below the member {@code name}, or null when no path goes through it. */
    FieldPaths child(String name) {
        return children.get(name);
    }

    /** Whether a path ends at this member: its whole value is kept, or its shape when {@link #isShapeOnly()}. */
    boolean isLeaf() {
        return leaf;
    }

    /** Whether this member is kept for its shape only: a scalar as it is, an object or array empty. */
    boolean isShapeOnly() {
        return shapeOnly;
    }

    private static final class Builder {
        final Map<String, Builder> children = new HashMap<>();
        boolean leaf;
        boolean keepsValue;

        Builder add(String path) {
            Builder node = this;
            for (String name : path.split("\\.", -1)) {
                if (name.isEmpty()) {
                    throw new IllegalArgumentException("a field path needs non-empty names between dots: '" + path
                            + "'");
                }
                node = node.children.computeIfAbsent(name, n -> new Builder());
            }
            return node;
        }

        FieldPaths build() {
            Map<String, FieldPaths> built = new HashMap<>();
            children.forEach((name, child) -> built.put(name, child.build()));
            return new FieldPaths(Map.copyOf(built), leaf, leaf && !keepsValue);
        }
    }
}
