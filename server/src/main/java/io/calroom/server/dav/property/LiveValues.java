package io.calroom.server.dav.property;

import io.calroom.server.dav.xml.Ns;

import javax.xml.namespace.QName;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.function.Supplier;

/** Values that live properties of several concerns are written with. */
public final class LiveValues {
    /** The privileges of whoever may only read (RFC 3744 §3). */
    public static final List<String> READ_ONLY = List.of("read", "read-current-user-privilege-set");

    private LiveValues() {
    }

    public static String httpDate(Instant t) {
        return DateTimeFormatter.RFC_1123_DATE_TIME.format(t.atOffset(ZoneOffset.UTC));
    }

    /** A DAV:current-user-privilege-set (RFC 3744 §5.4); schedule-* privileges are CalDAV's (RFC 6638 §6). */
    public static PropValue privileges(List<String> names) {
        return new PropValue.Custom(out -> {
            for (String n : names) {
                QName q = n.startsWith("schedule-") ? Ns.caldav(n) : Ns.dav(n);
                out.start(Ns.dav("privilege")).empty(q).end();
            }
        });
    }

    /** Computes once, on first use: several properties of one response may share one look-up. */
    public static <T> Supplier<T> memoized(Supplier<T> compute) {
        return new Supplier<>() {
            private T value;

            @Override
            public T get() {
                if (value == null) value = compute.get();
                return value;
            }
        };
    }
}
