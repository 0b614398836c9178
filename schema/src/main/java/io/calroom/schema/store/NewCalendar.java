package io.calroom.schema.store;

import java.util.List;

/** What a new collection is created with (MKCALENDAR, extended MKCOL, provisioning). */
public record NewCalendar(
        String uri,
        CollectionKind kind,
        String displayName,
        String description,
        String timezone,
        String color,
        Integer order,
        List<String> components) {

    public NewCalendar {
        components = List.copyOf(components);
    }

    public static NewCalendar of(String uri, CollectionKind kind, String displayName, List<String> components) {
        return new NewCalendar(uri, kind, displayName, null, null, null, null, components);
    }
}
