package io.calroom.principal.directory;

import java.util.List;
import java.util.function.Function;

/** One page of a list: the items, how many match in all, and the window that was asked for. */
public record Page<T>(List<T> items, long total, int limit, int offset) {
    public static final int DEFAULT_LIMIT = 100;
    public static final int MAX_LIMIT = 1000;

    public Page {
        items = List.copyOf(items);
        if (limit < 0 || offset < 0) throw new IllegalArgumentException("negative limit or offset");
    }

    public <U> Page<U> map(Function<? super T, ? extends U> f) {
        return new Page<>(items.stream().<U>map(f).toList(), total, limit, offset);
    }

    /** Checks a window before it reaches SQL: {@code 0 <= limit <= MAX_LIMIT}, {@code offset >= 0}. */
    static void check(int limit, int offset) {
        if (limit < 0 || limit > MAX_LIMIT) throw new IllegalArgumentException("limit must be within 0.." + MAX_LIMIT);
        if (offset < 0) throw new IllegalArgumentException("offset must not be negative");
    }
}
