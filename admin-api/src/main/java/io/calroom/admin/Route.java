package io.calroom.admin;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One endpoint: a method, a path template below {@code /api/v1} such as {@code /orgs/{org}/users/{username}},
 * who may call it, and its handler. A template segment in braces matches any one non-empty segment.
 */
record Route(String method, String template, Access.Rule rule, Handler handler) {
    @FunctionalInterface
    interface Handler {
        Response handle(ApiRequest ex);
    }

    List<String> segments() {
        return split(template);
    }

    /** The path parameters when {@code path} matches the template. */
    Optional<Map<String, String>> match(List<String> path) {
        List<String> t = segments();
        if (t.size() != path.size()) return Optional.empty();
        Map<String, String> params = new java.util.LinkedHashMap<>();
        for (int i = 0; i < t.size(); i++) {
            String s = t.get(i);
            if (s.startsWith("{") && s.endsWith("}")) {
                if (path.get(i).isEmpty()) return Optional.empty();
                params.put(s.substring(1, s.length() - 1), path.get(i));
            } else if (!s.equals(path.get(i))) {
                return Optional.empty();
            }
        }
        return Optional.of(params);
    }

    static List<String> split(String path) {
        String p = path.startsWith("/") ? path.substring(1) : path;
        if (p.endsWith("/")) p = p.substring(0, p.length() - 1);
        if (p.isEmpty()) return List.of();
        return List.of(p.split("/", -1));
    }
}
