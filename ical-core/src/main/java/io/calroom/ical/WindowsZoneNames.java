package io.calroom.ical;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** Windows time-zone names (as Outlook and Exchange put them in TZID) mapped to IANA zones (CLDR windowsZones). */
final class WindowsZoneNames {

    private static final String RESOURCE = "windows-zones.txt";

    /** Immutable after class initialisation. */
    private static final Map<String, String> BY_NAME = load();

    private WindowsZoneNames() {
    }

    static Optional<ZoneId> lookup(String tzid) {
        String zone = BY_NAME.get(tzid.trim().toLowerCase(Locale.ROOT));
        return zone == null ? Optional.empty() : Optional.of(ZoneId.of(zone));
    }

    private static Map<String, String> load() {
        Map<String, String> map = new HashMap<>();
        try (InputStream in = WindowsZoneNames.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + RESOURCE);
            }
            BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                int eq = line.lastIndexOf('=');
                if (line.isBlank() || line.startsWith("#") || eq < 0) {
                    continue;
                }
                map.put(line.substring(0, eq).trim().toLowerCase(Locale.ROOT), line.substring(eq + 1).trim());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Map.copyOf(map);
    }
}
