package io.calroom.scheduling.itip;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class AddressesAndTagsTest {

    @Test
    void normalize() {
        assertEquals("mailto:alice@example.com", Addresses.normalize("mailto:Alice@Example.com"));
        assertEquals("mailto:alice@example.com", Addresses.normalize("MAILTO:ALICE@EXAMPLE.COM"));
        assertEquals("mailto:alice@example.com", Addresses.normalize(" mailto:alice@example.com?subject=x "));
        assertEquals("mailto:alice@example.com", Addresses.normalize("alice@example.com"));
        assertEquals("mailto:alice@example.com", Addresses.normalize("\"mailto:alice@example.com\""));
        assertEquals("urn:uuid:0b8a5e16-7cde-4d5c-9f0e-3d0f4c2b1a00",
                Addresses.normalize("URN:UUID:0B8A5E16-7CDE-4D5C-9F0E-3D0F4C2B1A00"));
        assertEquals("https://cal.example.com/principals/Alice/", Addresses.normalize("HTTPS://Cal.Example.com/principals/Alice/"));
        assertNull(Addresses.normalize(" "));
        assertTrue(Addresses.same("mailto:Alice@Example.com", "mailto:alice@example.com"));
        assertFalse(Addresses.same("mailto:alice@example.com", "mailto:alice@example.org"));
        assertFalse(Addresses.same(null, null));
        assertTrue(Addresses.isOneOf("MAILTO:bob@example.com", List.of("urn:uuid:1", "mailto:Bob@example.com")));
    }

    @Test
    void scheduleTags() {
        String a = ScheduleTags.next();
        String b = ScheduleTags.next();
        assertNotEquals(a, b);
        assertTrue(a.startsWith("\"") && a.endsWith("\""));
        String weekly = Fixtures.APPLE_WEEKLY;
        String bob = Fixtures.attendeeLine(Fixtures.event(weekly, 0), Fixtures.BOB);
        assertFalse(ScheduleTags.changed(weekly, Fixtures.replaceLine(weekly, bob, bob.replace("NEEDS-ACTION", "DECLINED")
                + "")));
        assertTrue(ScheduleTags.changed(weekly, Fixtures.replaceLine(weekly, "LOCATION:Room Galileo", "LOCATION:Kepler")));
        assertTrue(ScheduleTags.changed(weekly, Fixtures.replaceLine(weekly, "SEQUENCE:0", "SEQUENCE:1")));
        assertTrue(ScheduleTags.changed(weekly, Fixtures.withOverride(weekly, Fixtures.OVERRIDE_22)));
    }
}
